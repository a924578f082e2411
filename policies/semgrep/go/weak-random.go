package main

import (
	"math/rand"
	"strconv"
	"time"
)

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func generateToken(n int) string {
	b := make([]byte, n)
	for i := range b {
		// ruleid: go-weak-random
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

func newUser() map[string]string {
	// ruleid: go-weak-random
	resetCode := strconv.Itoa(rand.Intn(1000000))
	return map[string]string{"code": resetCode}
}

func jitter() time.Duration {
	// ok: go-weak-random
	return time.Duration(rand.Intn(1000)) * time.Millisecond
}

func pickServer(servers []string) string {
	// ok: go-weak-random
	return servers[rand.Intn(len(servers))]
}
