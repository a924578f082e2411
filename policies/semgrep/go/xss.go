package main

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func echoBack(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-xss
	w.Write([]byte(r.URL.Query().Get("msg")))
}

func greet(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	// ruleid: go-xss
	fmt.Fprintf(w, "<h1>Hello %s</h1>", name)
}

func greetHTML(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: go-xss
	io.WriteString(w, "Hello "+r.FormValue("name"))
}

func trusted(w http.ResponseWriter, r *http.Request) {
	tmpl := template.Must(template.New("x").Parse(`<div>{{.}}</div>`))
	// ruleid: go-xss
	tmpl.Execute(w, template.HTML(r.FormValue("bio")))
}

func echoHTML(c echo.Context) error {
	// ruleid: go-xss
	return c.HTML(http.StatusOK, "<p>"+c.QueryParam("q")+"</p>")
}

func ginData(c *gin.Context) {
	// ruleid: go-xss
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<b>"+c.Query("q")+"</b>"))
}

// ---- safe twins ----

func greetEscaped(w http.ResponseWriter, r *http.Request) {
	// ok: go-xss
	fmt.Fprintf(w, "<h1>Hello %s</h1>", html.EscapeString(r.FormValue("name")))
}

func greetTemplate(w http.ResponseWriter, r *http.Request) {
	tmpl := template.Must(template.New("x").Parse(`<h1>Hello {{.}}</h1>`))
	// ok: go-xss
	tmpl.Execute(w, r.FormValue("name"))
}

func greetPlain(w http.ResponseWriter, r *http.Request) {
	// ok: go-xss
	fmt.Fprintf(w, "Hello %s", r.FormValue("name"))
}

func apiJSON(w http.ResponseWriter, r *http.Request) {
	out, _ := json.Marshal(map[string]string{"q": r.URL.Query().Get("q")})
	w.Header().Set("Content-Type", "application/json")
	// ok: go-xss
	w.Write(out)
}

func plainText(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	// ok: go-xss
	w.Write([]byte(r.URL.Query().Get("msg")))
}

func ginString(c *gin.Context) {
	// ok: go-xss
	c.String(http.StatusOK, "hello %s", c.Query("name"))
}

func plainPrefix(w http.ResponseWriter, r *http.Request) {
	// ok: go-xss
	w.Write([]byte(fmt.Sprintf("user id %v", r.PathValue("id"))))
	// ok: go-xss
	w.Write([]byte("hello " + r.FormValue("name")))
	// ruleid: go-xss
	w.Write([]byte("<p>hello " + r.FormValue("name")))
}
