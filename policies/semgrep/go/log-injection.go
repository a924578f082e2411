package main

import (
	"log"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/sirupsen/logrus"
)

func login(w http.ResponseWriter, r *http.Request) {
	user := r.FormValue("user")
	// ruleid: go-log-injection
	log.Printf("failed login for %s", user)
}

func ginLog(c *gin.Context) {
	// ruleid: go-log-injection
	logrus.Infof("search: %v", c.Query("q"))
}

func uaLog(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-log-injection
	log.Println("client", r.UserAgent())
}

// ---- safe twins ----

func loginQuoted(w http.ResponseWriter, r *http.Request) {
	// ok: go-log-injection
	log.Printf("failed login for %q", r.FormValue("user"))
}

func loginStripped(w http.ResponseWriter, r *http.Request) {
	user := strings.NewReplacer("\n", "", "\r", "").Replace(r.FormValue("user"))
	// ok: go-log-injection
	log.Printf("failed login for %s", user)
}

func structured(w http.ResponseWriter, r *http.Request) {
	// ok: go-log-injection
	slog.Info("failed login", "user", r.FormValue("user"))
	// ok: go-log-injection
	logrus.WithField("user", r.FormValue("user")).Warn("failed login")
}

func startup(addr string) {
	// ok: go-log-injection
	log.Printf("listening on %s", addr)
}
