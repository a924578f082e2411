package main

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: go-command-injection
	out, _ := exec.Command("sh", "-c", "ping -c 1 "+host).Output()
	w.Write(out)
}

func runTool(w http.ResponseWriter, r *http.Request) {
	tool := r.FormValue("tool")
	// ruleid: go-command-injection
	cmd := exec.Command(tool, "--version")
	out, _ := cmd.CombinedOutput()
	w.Write(out)
}

func ginShell(c *gin.Context) {
	// ruleid: go-command-injection
	exec.CommandContext(c.Request.Context(), "/bin/bash", "-c", "tar czf /tmp/x.tgz "+c.Param("dir")).Run()
}

type Job struct {
	Script string `json:"script"`
}

func echoBound(c echo.Context) error {
	var j Job
	if err := c.Bind(&j); err != nil {
		return err
	}
	// ruleid: go-command-injection
	return exec.Command("bash", "-c", j.Script).Run()
}

// ---- safe twins ----

func safePing(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ok: go-command-injection
	out, _ := exec.Command("ping", "-c", "1", host).Output()
	w.Write(out)
}

func safeConvert(c *gin.Context) {
	name := filepath.Base(c.Query("file"))
	// ok: go-command-injection
	exec.Command("convert", name, "out.png").Run()
}

func fixedShell() error {
	// ok: go-command-injection
	return exec.Command("sh", "-c", "make clean && make").Run()
}

func runScript(ctx context.Context, script string) error {
	// ok: go-command-injection
	return exec.CommandContext(ctx, "git", "rev-parse", script).Run()
}
