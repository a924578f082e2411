package main

import "time"

func epoch() int64 {
	var t time.Time
	return t.Unix()
}
