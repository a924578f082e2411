package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
)

var client = &http.Client{}

func proxy(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	// ruleid: go-ssrf
	resp, err := http.Get(target)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func webhookTest(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-ssrf
	req, _ := http.NewRequest("POST", r.FormValue("callback"), nil)
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}

func fetchImage(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: go-ssrf
	resp, err := client.Get("http://" + host + "/logo.png")
	if err == nil {
		defer resp.Body.Close()
	}
}

func userProfile(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	// ok: go-ssrf
	resp, err := http.Get(fmt.Sprintf("https://api.example.com/users/%s", url.PathEscape(id)))
	if err == nil {
		defer resp.Body.Close()
	}
}

func health(w http.ResponseWriter, r *http.Request) {
	// ok: go-ssrf
	resp, err := http.Get("https://status.example.com/health")
	if err == nil {
		defer resp.Body.Close()
	}
}

func search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	// ok: go-ssrf
	resp, err := client.Get("https://search.example.com/q?term=" + url.QueryEscape(q))
	if err == nil {
		defer resp.Body.Close()
	}
}
