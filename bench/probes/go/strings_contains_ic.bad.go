package main

import "strings"

func match(a, b string) bool {
	return strings.ContainsIgnoreCase(a, b) // expect: go-nonexistent-member
}
