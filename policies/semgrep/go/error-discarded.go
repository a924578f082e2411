package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
)

type Item struct{ ID int }

func handler(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	// ruleid: go-error-discarded
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))

	// ruleid: go-error-discarded
	body, _ := io.ReadAll(r.Body)

	var item Item
	// ruleid: go-error-discarded
	_ = json.Unmarshal(body, &item)

	// ruleid: go-error-discarded
	_, _ = db.Exec("DELETE FROM items WHERE id = $1", item.ID)

	// ruleid: go-error-discarded
	resp, _ := http.Get("https://example.com/feed")
	if resp != nil {
		defer resp.Body.Close()
	}

	var f *os.File
	// ruleid: go-error-discarded
	f, _ = os.Open("/etc/app.conf")
	fmt.Println(limit, f)
}

func fine(m map[string]int, v interface{}, items []Item, cache *sync.Map) {
	// ok: go-error-discarded
	_, ok := m["key"]

	// ok: go-error-discarded
	s, _ := v.(string)

	// ok: go-error-discarded
	for _, it := range items {
		fmt.Println(it)
	}

	// ok: go-error-discarded
	val, _ := cache.Load("k")

	// ok: go-error-discarded
	home, _ := os.LookupEnv("HOME")

	n, err := strconv.Atoi("42")
	// ok: go-error-discarded
	if err != nil {
		return
	}
	fmt.Println(ok, s, val, home, n)
}
