package main

import "encoding/json"

func dump(v interface{}) (string, error) {
	return json.MarshalIndentString(v, "  ") // expect: go-nonexistent-member
}
