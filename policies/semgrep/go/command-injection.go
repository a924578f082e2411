package main

import (
	"context"
	"net/http"
	"os/exec"
)

func ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: go-command-injection
	out, _ := exec.Command("sh", "-c", "ping -c 1 "+host).Output()
	w.Write(out)
}

func runScript(ctx context.Context, script string) error {
	// ruleid: go-command-injection
	return exec.CommandContext(ctx, "/bin/bash", "-c", script).Run()
}

func runTool(w http.ResponseWriter, r *http.Request) {
	tool := r.FormValue("tool")
	// ruleid: go-command-injection
	cmd := exec.Command(tool, "--version")
	out, _ := cmd.CombinedOutput()
	w.Write(out)
}

func runInline(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-command-injection
	exec.Command(r.URL.Query().Get("bin")).Run()
}

func safePing(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ok: go-command-injection
	out, _ := exec.Command("ping", "-c", "1", host).Output()
	w.Write(out)
}

func fixedShell() error {
	// ok: go-command-injection
	return exec.Command("sh", "-c", "make clean && make").Run()
}

func gitRev() ([]byte, error) {
	// ok: go-command-injection
	return exec.Command("git", "rev-parse", "HEAD").Output()
}
