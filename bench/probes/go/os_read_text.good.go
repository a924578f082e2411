package main

import "os"

func load(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
