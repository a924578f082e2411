package main

import "strings"

func join(parts []string) string {
	b := strings.Builder{}
	for _, p := range parts {
		b.WriteString(p)
	}
	return b.String()
}
