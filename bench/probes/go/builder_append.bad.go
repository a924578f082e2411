package main

import "strings"

func join(parts []string) string {
	b := strings.Builder{}
	for _, p := range parts {
		b.Append(p) // expect: go-nonexistent-member
	}
	return b.String()
}
