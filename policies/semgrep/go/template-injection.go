package main

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
)

func greet(w http.ResponseWriter, r *http.Request) {
	body := "<p>Hello " + r.URL.Query().Get("name") + "</p>"
	// ruleid: go-template-injection
	tmpl, err := template.New("greet").Parse(body)
	if err != nil {
		return
	}
	tmpl.Execute(w, nil)
}

func custom(c *gin.Context) {
	t := template.New("page")
	// ruleid: go-template-injection
	t.Parse(c.PostForm("layout"))
	t.Execute(c.Writer, nil)
}

const page = `<p>Hello {{.}}</p>`

func greetSafe(w http.ResponseWriter, r *http.Request) {
	// ok: go-template-injection
	tmpl := template.Must(template.New("greet").Parse(page))
	tmpl.Execute(w, r.URL.Query().Get("name"))
}
