package hubcmd

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/standby"
)

// hub standby copies a serving hub; hub promote makes it serve in its
// place, on the address kiosks learned.
func TestStandbyAndPromote(t *testing.T) {
	hubDir := newHub(t)
	primary := startHub(t, "serve", "-data", hubDir, "-addr", "127.0.0.1:0")
	code, stdout, stderr := run("kiosk", "add", "-data", hubDir, "standby-1", "-role", "standby")
	if code != 0 {
		t.Fatalf("kiosk add: %d %s", code, stderr)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	standbyAddr := ln.Addr().String()
	ln.Close()
	dir := filepath.Join(t.TempDir(), "standby")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errs := &syncBuffer{}, &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan int, 1)
	m := &Main{Stdout: out, Stderr: errs, ready: func(addr string) { ready <- addr }}
	go func() {
		done <- m.Run(ctx, []string{"standby", "-data", dir, "-primary", primary.addr, "-enroll", strings.TrimSpace(stdout),
			"-addr", standbyAddr, "-every", "1s"})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, standby.CopyFile)); err == nil {
			break
		}
		select {
		case c := <-done:
			t.Fatalf("standby exited %d: %s", c, errs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no copy after 20 s: %s", errs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The hub now names the standby in its enrollment codes.
	_, stdout, _ = run("kiosk", "add", "-data", hubDir, "door-1")
	if c, err := enroll.Parse(strings.TrimSpace(stdout)); err != nil || c.Standby != standbyAddr {
		t.Errorf("code after the standby announced itself: %+v %v", c, err)
	}
	// A second standby on the same folder is refused; promote needs one.
	if code, _, stderr := run("standby", "-data", dir, "-primary", primary.addr); code != 1 || !strings.Contains(stderr, "in use") {
		t.Errorf("second standby: %d %s", code, stderr)
	}
	if code, _, stderr := run("promote", "-data", t.TempDir()); code != 1 || !strings.Contains(stderr, "holds no standby") {
		t.Errorf("promote of no standby: %d %s", code, stderr)
	}

	primary.stop() // the hub's laptop dies
	code, stdout, stderr = run("promote", "-data", dir)
	if code != 0 || !strings.Contains(stdout, "promoted") {
		t.Fatalf("promote: %d %s %s\n%s", code, stdout, stderr, errs)
	}
	select {
	case addr := <-ready:
		if addr != standbyAddr {
			t.Errorf("promoted standby serves on %s, want %s", addr, standbyAddr)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("promoted standby not serving: %s", errs)
	}
	resp, err := http.Get("http://" + standbyAddr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("promoted standby's health: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if c := <-done; c != 0 {
		t.Errorf("standby exit %d: %s", c, errs)
	}
	if code, _, stderr := run("standby", "-data", dir, "-primary", primary.addr); code != 1 || !strings.Contains(stderr, "already holds a hub") {
		t.Errorf("standby on a promoted folder: %d %s", code, stderr)
	}
}
