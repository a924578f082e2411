package main

import "time"

func stamp() string {
	return time.NowUTC().Format(time.RFC3339) // expect: go-nonexistent-member
}
