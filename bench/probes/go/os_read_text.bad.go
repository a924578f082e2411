package main

import "os"

func load(path string) (string, error) {
	return os.ReadAllText(path) // expect: go-nonexistent-member
}
