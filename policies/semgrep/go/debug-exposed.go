package main

import (
	"net/http"
	// ruleid: go-debug-exposed
	_ "net/http/pprof"

	"github.com/gin-gonic/gin"
)

func main() {
	// ruleid: go-debug-exposed
	gin.SetMode(gin.DebugMode)
	// ok: go-debug-exposed
	gin.SetMode(gin.ReleaseMode)
	r := gin.Default()
	r.Run()
	http.ListenAndServe(":8080", nil)
}
