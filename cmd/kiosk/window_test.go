package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/app/apptest"

	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
)

// startXvfb starts a virtual display for a real window, or skips the test
// where Xvfb or xdotool are missing (make test installs them).
func startXvfb(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian packages xvfb and xdotool; make test installs them)", tool)
		}
	}
	for range 20 {
		n := 100 + rand.IntN(400)
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if xdo(display, "getdisplaygeometry") == nil {
				return display
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb %s did not start", display)
	}
	t.Fatal("no free X display")
	return ""
}

func xdo(display string, args ...string) error {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	return cmd.Run()
}

// realKiosk builds the kiosk binary with its real (OpenGL) window: tests
// run with -tags ci, whose Fyne draws in memory.
func realKiosk(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "kiosk")
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the kiosk: %v\n%s", err, b)
	}
	return out
}

// countScans reads a kiosk's store while the kiosk holds it: SQLite lets a
// reader in beside the kiosk's writer.
func countScans(t *testing.T, dir string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM scans WHERE verdict = 'accepted' AND hub_cursor = 0").Scan(&n); err != nil {
		return 0
	}
	return n
}

// The real window under Xvfb: a USB scanner (xdotool) types a badge and
// Enter; the scan is in the kiosk's store and at the hub.
func TestWindowWedgeScanEndToEnd(t *testing.T) {
	display := startXvfb(t)
	hubDir := t.TempDir()
	tokens := setUpDemoHub(t, hubDir, []string{"entrance-1"})
	h := &hubProcess{t: t, dir: hubDir, addr: freeAddr(t)}
	h.start()
	defer h.kill()

	// Enrol the kiosk and give it a staff PIN, as staff would on its first start.
	data := t.TempDir()
	code := enroll.Code{Hub: h.addr, Token: tokens[0]}.String()
	if c, _, stderr := run(t, "", "-headless", "-data", data, "-enroll", code); c != 0 {
		t.Fatalf("enrol: %d %s", c, stderr)
	}
	st, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := pin.Hash("2468")
	if err := st.SetSettings(context.Background(), map[string]string{kiosk.SettingStaffPIN: hash}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	win := exec.Command(realKiosk(t), "-data", data, "-mute", "-lang", "fr")
	win.Env = append(os.Environ(), "DISPLAY="+display, "LANG=fr_FR.UTF-8")
	var logs strings.Builder
	win.Stderr = &logs
	if err := win.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		win.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { win.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			win.Process.Kill()
		}
	}()
	if err := xdo(display, "search", "--sync", "--onlyvisible", "--name", "Accueil"); err != nil {
		t.Fatalf("no kiosk window: %v\n%s", err, logs.String())
	}
	time.Sleep(500 * time.Millisecond) // the first frame
	if err := xdo(display, "type", "--delay", "5", apptest.DemoToken(t, "A0031")); err != nil {
		t.Fatal(err)
	}
	if err := xdo(display, "key", "Return"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for countScans(t, data) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the scan typed into the window is not in the kiosk's store\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	hs, err := hubstore.Open(hubDir)
	if err != nil {
		t.Fatal(err)
	}
	defer hs.Close()
	for {
		scans, _ := hs.ScansSince(context.Background(), 0, 10)
		if len(scans) == 1 && scans[0].AttendeeID == "A0031" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the scan did not reach the hub: %v\n%s", scans, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startWindow runs the real kiosk window on display, until the test ends.
func startWindow(t *testing.T, bin, display, data string) *strings.Builder {
	t.Helper()
	win := exec.Command(bin, "-data", data, "-mute", "-lang", "fr", "-camera", "off")
	win.Env = append(os.Environ(), "DISPLAY="+display, "LANG=fr_FR.UTF-8")
	logs := &strings.Builder{}
	win.Stderr = logs
	if err := win.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		win.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { win.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			win.Process.Kill()
		}
	})
	if err := xdo(display, "search", "--sync", "--onlyvisible", "--name", "Accueil"); err != nil {
		t.Fatalf("no kiosk window: %v\n%s", err, logs.String())
	}
	return logs
}

// waitScans waits until the kiosk's store holds n admitted scans of its own.
func waitScans(t *testing.T, data string, n int, logs fmt.Stringer) time.Time {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for countScans(t, data) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d scans in the kiosk's store, want %d\n%s", countScans(t, data), n, logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Now()
}

// A kiosk window with no hub, as a volunteer unpacks it: the enrollment
// QR scanned by the handheld scanner enrols it (the first-start PIN dialog
// does not swallow it), the hub's PIN replaces that dialog, and once
// enrolled the window takes a badge at once at its next start.
func TestWindowEnrollsByScan(t *testing.T) {
	display := startXvfb(t)
	hubDir := t.TempDir()
	tokens := setUpDemoHub(t, hubDir, []string{"entrance-1"})
	hs, err := hubstore.Open(hubDir)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := pin.Hash("2468")
	if err := hs.SetStaffPIN(context.Background(), hash); err != nil {
		t.Fatal(err)
	}
	hs.Close()
	h := &hubProcess{t: t, dir: hubDir, addr: freeAddr(t)}
	h.start()
	defer h.kill()
	bin := realKiosk(t)
	data := t.TempDir()

	logs := startWindow(t, bin, display, data)
	time.Sleep(500 * time.Millisecond) // the first frame, and the PIN dialog's focus
	code := enroll.Code{Hub: h.addr, Token: tokens[0]}.String()
	if err := xdo(display, "type", "--delay", "5", code); err != nil {
		t.Fatal(err)
	}
	if err := xdo(display, "key", "Return"); err != nil {
		t.Fatal(err)
	}
	st := func(key string) string {
		db, err := sql.Open("sqlite3", "file:"+filepath.Join(data, sqlite.FileName)+"?mode=ro")
		if err != nil {
			return ""
		}
		defer db.Close()
		var v string
		db.QueryRow("SELECT value FROM settings WHERE key = ?", key).Scan(&v)
		return v
	}
	deadline := time.Now().Add(20 * time.Second)
	for st("hub_credential") == "" || st(kiosk.SettingStaffPIN) != hash {
		if time.Now().After(deadline) {
			t.Fatalf("not enrolled by the scanned code\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the dialog closes
	if err := xdo(display, "type", "--delay", "5", apptest.DemoToken(t, "A0031")); err != nil {
		t.Fatal(err)
	}
	xdo(display, "key", "Return")
	waitScans(t, data, 1, logs)

	// The next start: enrolled, with the hub's PIN: no dialog, a badge at once.
	t.Run("restart", func(t *testing.T) {
		// The first window has the folder's lock: end it first.
		exec.Command("pkill", "-TERM", "-f", bin+" -data "+data).Run()
		for range 100 {
			if exec.Command("pgrep", "-f", bin+" -data "+data).Run() != nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		logs := startWindow(t, bin, display, data)
		shown := time.Now()
		if err := xdo(display, "type", "--delay", "5", apptest.DemoToken(t, "A0032")); err != nil {
			t.Fatal(err)
		}
		xdo(display, "key", "Return")
		took := waitScans(t, data, 2, logs).Sub(shown)
		t.Logf("window shown to badge stored: %s", took.Round(time.Millisecond))
		if took > 2*time.Second {
			t.Errorf("the enrolled window took %s to take its first badge, want within 2 s", took)
		}
	})
}
