package main

import "net/http"

func fetch(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return resp.JSON(nil) // expect: go-nonexistent-member
}
