package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorilla/mux"
)

const baseDir = "/srv/uploads"

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: go-path-traversal
	data, err := os.ReadFile(filepath.Join(baseDir, name))
	if err != nil {
		http.Error(w, "not found", 404)
		return
	}
	w.Write(data)
}

func serve(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-path-traversal
	http.ServeFile(w, r, filepath.Join(baseDir, r.FormValue("path")))
}

func avatar(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	p := filepath.Join(baseDir, "avatars", vars["user"]+".png")
	// ruleid: go-path-traversal
	f, err := os.Open(p)
	if err == nil {
		defer f.Close()
	}
}

func upload(w http.ResponseWriter, r *http.Request, body []byte) {
	// ruleid: go-path-traversal
	os.WriteFile(baseDir+"/"+r.PostFormValue("name"), body, 0o644)
}

func downloadSafe(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("file"))
	// ok: go-path-traversal
	data, _ := os.ReadFile(filepath.Join(baseDir, name))
	w.Write(data)
}

func downloadChecked(w http.ResponseWriter, r *http.Request) {
	p := filepath.Join(baseDir, r.URL.Query().Get("file"))
	if !strings.HasPrefix(p, baseDir+string(os.PathSeparator)) {
		http.Error(w, "forbidden", 403)
		return
	}
	// ok: go-path-traversal
	data, _ := os.ReadFile(p)
	w.Write(data)
}

func static(w http.ResponseWriter, r *http.Request) {
	// ok: go-path-traversal
	http.ServeFile(w, r, filepath.Join(baseDir, "index.html"))
}
