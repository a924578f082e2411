package main

import (
	"encoding/json"
	"net/http"
)

func fetch(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(nil)
}
