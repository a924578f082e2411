package main

import (
	"net/http"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4/middleware"
	rscors "github.com/rs/cors"
)

func setupGin(r *gin.Engine) {
	// ruleid: go-cors-permissive
	r.Use(cors.New(cors.Config{
		AllowOrigins:     []string{"*"},
		AllowMethods:     []string{"GET", "POST"},
		AllowCredentials: true,
	}))
}

func setupEcho() {
	// ruleid: go-cors-permissive
	_ = middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: []string{"*"}, AllowCredentials: true})
}

func setupRS() http.Handler {
	// ruleid: go-cors-permissive
	c := rscors.New(rscors.Options{
		AllowOriginFunc:  func(origin string) bool { return true },
		AllowCredentials: true,
	})
	return c.Handler(http.DefaultServeMux)
}

func reflectOrigin(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-cors-permissive
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	w.Header().Set("Access-Control-Allow-Credentials", "true")
}

// ---- safe twins ----

func setupGinSafe(r *gin.Engine) {
	// ok: go-cors-permissive
	r.Use(cors.New(cors.Config{
		AllowOrigins:     []string{"https://app.example.com"},
		AllowCredentials: true,
	}))
}

func publicAPI() {
	// ok: go-cors-permissive
	_ = middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: []string{"*"}})
}

func setupRSChecked(allowed map[string]bool) {
	// ok: go-cors-permissive
	_ = rscors.New(rscors.Options{
		AllowOriginFunc:  func(origin string) bool { return allowed[origin] },
		AllowCredentials: true,
	})
}
