package main

import "time"

func millis(d time.Duration) int64 {
	return d.Milliseconds()
}
