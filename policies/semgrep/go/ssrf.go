package main

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
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
}

func webhook(c *gin.Context) {
	var hook struct {
		URL string `json:"url"`
	}
	if err := c.ShouldBindJSON(&hook); err != nil {
		return
	}
	// ruleid: go-ssrf
	req, _ := http.NewRequestWithContext(c.Request.Context(), "POST", hook.URL, nil)
	client.Do(req)
}

func fetchHost(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-ssrf
	client.Get("http://" + r.FormValue("host") + "/status")
}

func fetchFixedHost(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	// ok: go-ssrf
	resp, err := http.Get(fmt.Sprintf("https://api.example.com/users/%s", url.PathEscape(id)))
	if err == nil {
		resp.Body.Close()
	}
	// ok: go-ssrf
	client.Get("https://api.example.com/search?q=" + url.QueryEscape(r.FormValue("q")))
}

func fetchConfigured(base string) {
	// ok: go-ssrf
	http.Get(base + "/health")
}
