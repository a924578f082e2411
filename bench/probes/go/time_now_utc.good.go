package main

import "time"

func stamp() string {
	return time.Now().UTC().Format(time.RFC3339)
}
