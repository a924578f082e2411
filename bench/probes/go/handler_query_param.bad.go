package main

import "net/http"

func handle(w http.ResponseWriter, r *http.Request) {
	id := r.QueryParam("id") // expect: go-nonexistent-member
	w.Write([]byte(id))
}
