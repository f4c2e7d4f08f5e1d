package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
)

// The binary hands Main the process's arguments, streams and exit status:
// the one thing sync/hubcmd's in-process tests cannot see.
func TestBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "hub")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	missing := filepath.Join(t.TempDir(), "nothing-here")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderrLine string
	}{
		{"version", []string{"-version"}, 0, "hub " + kiosk.Version, ""},
		{"help", []string{"-h"}, 0, "Usage:", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", `hub: unknown command "frobnicate"`},
		{"no event", []string{"kiosk", "list", "-data", missing}, 1, "", "hub: kiosk list: no event in " + missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code || !strings.HasPrefix(stdout.String(), tt.stdout) || !strings.HasPrefix(stderr.String(), tt.stderrLine) {
				t.Errorf("exit %d, stdout %.60q, stderr %.120q; want %d, %q, %q", code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.stderrLine)
			}
			if strings.Contains(stderr.String(), "goroutine ") {
				t.Errorf("a stack trace: %s", stderr.String())
			}
		})
	}
}
