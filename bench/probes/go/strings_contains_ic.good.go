package main

import "strings"

func match(a, b string) bool {
	return strings.Contains(strings.ToLower(a), strings.ToLower(b))
}
