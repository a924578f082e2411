package main

import (
	"io/ioutil"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

const baseDir = "/srv/files"

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: go-path-traversal
	data, err := os.ReadFile(filepath.Join(baseDir, name))
	if err != nil {
		return
	}
	w.Write(data)
}

func serve(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-path-traversal
	http.ServeFile(w, r, baseDir+"/"+r.PathValue("name"))
}

func upload(c *gin.Context) {
	file, err := c.FormFile("upload")
	if err != nil {
		return
	}
	// ruleid: go-path-traversal
	c.SaveUploadedFile(file, "uploads/"+file.Filename)
}

func ginFile(c *gin.Context) {
	// ruleid: go-path-traversal
	c.File(filepath.Join(baseDir, c.Param("path")))
}

func echoWrite(c echo.Context) error {
	// ruleid: go-path-traversal
	return ioutil.WriteFile("/tmp/"+c.FormValue("name"), []byte("x"), 0o600)
}

func remove(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-path-traversal
	os.Remove(filepath.Join(baseDir, r.FormValue("f")))
}

// ---- safe twins ----

func downloadBase(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("file"))
	// ok: go-path-traversal
	data, _ := os.ReadFile(filepath.Join(baseDir, name))
	w.Write(data)
}

func downloadChecked(w http.ResponseWriter, r *http.Request) {
	p := filepath.Join(baseDir, r.URL.Query().Get("file"))
	if !strings.HasPrefix(filepath.Clean(p), baseDir+string(os.PathSeparator)) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	// ok: go-path-traversal
	f, _ := os.Open(p)
	defer f.Close()
}

func downloadLocal(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	if !filepath.IsLocal(name) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	// ok: go-path-traversal
	os.ReadFile(filepath.Join(baseDir, name))
}

func uploadSafe(c *gin.Context) {
	file, _ := c.FormFile("upload")
	// ok: go-path-traversal
	c.SaveUploadedFile(file, filepath.Join("uploads", filepath.Base(file.Filename)))
}

func readConfig(path string) ([]byte, error) {
	// ok: go-path-traversal
	return os.ReadFile(path)
}
