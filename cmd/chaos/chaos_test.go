package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// buildBinaries builds the real hub and kiosk (the kiosk with its real
// window, as make build does) into a temporary folder.
func buildBinaries(t *testing.T) (hub, kiosk string) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"hub", "kiosk"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, name), "github.com/accueil/accueil/cmd/"+name)
		cmd.Env = append(cmd.Environ(), "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", name, err, out)
		}
	}
	return filepath.Join(dir, "hub"), filepath.Join(dir, "kiosk")
}

// The short form of make chaos, for CI: 30 s of kills, cuts, an offline
// kiosk, a wrong clock, a restore from a 12 s old backup and a standby
// promotion; nothing the kiosks printed may be lost or doubled, and the
// hub's counts must match.
func TestChaosShortForm(t *testing.T) {
	if testing.Short() {
		t.Skip("the chaos run takes about a minute")
	}
	hub, kiosk := buildBinaries(t)
	var out, errs bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errs}
	code := m.Run(context.Background(), []string{"-hub", hub, "-kiosk", kiosk, "-dir", t.TempDir(),
		"-duration", "30s", "-rate", "3", "-backup-age", "15s", "-drain", "60s", "-seed", "42", "-v"})
	line := strings.TrimSpace(out.String())
	t.Log(line)
	if code != 0 {
		t.Fatalf("chaos exit %d: %s\n%s", code, line, errs.String())
	}
	want := regexp.MustCompile(`^chaos: \d+s scans=[1-9]\d* admitted=\d+ kills=[1-9]\d* .* restores=1 .* lost=0 doubled=0 counts=ok$`)
	if !want.MatchString(line) || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("summary %q does not match %s", out.String(), want)
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"help", []string{"-h"}, exitOK, "Usage:"},
		{"unknown flag", []string{"-nope"}, exitUsage, "flag provided but not defined"},
		{"argument", []string{"extra"}, exitUsage, `unexpected argument "extra"`},
		{"too short", []string{"-duration", "1s"}, exitUsage, "at least 10s"},
		{"one kiosk", []string{"-kiosks", "1"}, exitUsage, "at least 2"},
		{"bad standby", []string{"-standby", "maybe"}, exitUsage, "want auto, on or off"},
		{"no binaries", []string{"-hub", "/nonexistent/hub", "-kiosk", "/nonexistent/kiosk", "-dir", "DIR"}, exitFailed, "run make build first"},
		{"soak help", []string{"soak", "-h"}, exitOK, "Usage:"},
		{"soak bad rate", []string{"soak", "-rate", "0"}, exitUsage, "-rate"},
		{"soak no binaries", []string{"soak", "-hub", "/nonexistent/hub", "-kiosk", "/nonexistent/kiosk", "-dir", "DIR"}, exitFailed, "run make build first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, a := range tt.args {
				if a == "DIR" {
					tt.args[i] = t.TempDir()
				}
			}
			var out, errs bytes.Buffer
			code := (&Main{Stdout: &out, Stderr: &errs}).Run(context.Background(), tt.args)
			if code != tt.code || !strings.Contains(errs.String(), tt.err) {
				t.Errorf("exit %d, want %d; stderr %q lacks %q", code, tt.code, errs.String(), tt.err)
			}
			if strings.Contains(errs.String(), "goroutine ") {
				t.Errorf("a panic: %s", errs.String())
			}
		})
	}
}
