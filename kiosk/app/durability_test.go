package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/app/apptest"
	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// mountTmpfs mounts a small tmpfs at a new folder, or skips the test where
// mounting is not allowed (not root, or no CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small filesystem here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// pipeKiosk runs the kiosk in-process with its input and output as pipes,
// so a test can act between two scans.
type pipeKiosk struct {
	in   io.WriteCloser
	out  *bufio.Scanner
	done chan int
}

func startPipeKiosk(t *testing.T, args ...string) *pipeKiosk {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	k := &pipeKiosk{in: inW, out: bufio.NewScanner(outR), done: make(chan int, 1)}
	go func() {
		code := (&Main{Stdin: inR, Stdout: outW, Stderr: io.Discard}).Run(context.Background(), args)
		outW.Close()
		k.done <- code
	}()
	return k
}

func (k *pipeKiosk) scan(t *testing.T, payload string) headless.Line {
	t.Helper()
	if _, err := fmt.Fprintln(k.in, payload); err != nil {
		t.Fatal(err)
	}
	if !k.out.Scan() {
		t.Fatal("kiosk stopped answering")
	}
	var l headless.Line
	if err := json.Unmarshal(k.out.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func (k *pipeKiosk) stop(t *testing.T) int {
	t.Helper()
	k.in.Close()
	select {
	case code := <-k.done:
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("kiosk did not stop at end of input")
		return -1
	}
}

func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 64*1024)
	for {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			t.Fatal(err)
		}
	}
	// Fill the last partial block too.
	for {
		if _, err := f.Write(block[:512]); err != nil {
			break
		}
	}
	return path
}

func TestFullDisk(t *testing.T) {
	disk := mountTmpfs(t, "8m")
	data := filepath.Join(disk, "kiosk")
	k := startPipeKiosk(t, "-headless", "-data", data)
	first := k.scan(t, apptest.DemoToken(t, "A0001"))
	if first.Verdict != kiosk.VerdictAccepted {
		t.Fatalf("first scan: %+v", first)
	}
	filler := fillDisk(t, disk)

	var failed headless.Line
	var failedPayload string
	for i := 2; i < 200; i++ { // the WAL may have room for a few pages left
		failedPayload = apptest.DemoToken(t, fmt.Sprintf("A%04d", i))
		failed = k.scan(t, failedPayload)
		if failed.Error != "" {
			break
		}
	}
	if failed.Error == "" || failed.Verdict != "" || failed.ScanID != "" {
		t.Fatalf("scan on a full disk: %+v, want an error and no verdict", failed)
	}
	if !strings.Contains(failed.Error, "disk full") {
		t.Errorf("error %q does not say the disk is full", failed.Error)
	}
	// Space returns: scanning resumes, and the refused scan can be made again.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	again := k.scan(t, failedPayload)
	if again.Verdict != kiosk.VerdictAccepted || again.Repeat {
		t.Errorf("after space returned: %+v", again)
	}
	if code := k.stop(t); code != 0 {
		t.Errorf("exit %d", code)
	}
	st, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.ScanByID(context.Background(), first.ScanID); err != nil {
		t.Errorf("scan before the disk filled is lost: %v", err)
	}
	if _, err := st.ScanByID(context.Background(), again.ScanID); err != nil {
		t.Errorf("scan after space returned is lost: %v", err)
	}
}

func TestReadOnlyDataFolder(t *testing.T) {
	disk := mountTmpfs(t, "8m")
	data := filepath.Join(disk, "kiosk")
	if code, _, stderr := run(t, "", "-headless", "-data", data); code != 0 {
		t.Fatalf("first start: %d %s", code, stderr)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	defer exec.Command("mount", "-o", "remount,rw", disk).Run()
	for _, dir := range []string{data, filepath.Join(disk, "new")} {
		code, lines, stderr := run(t, apptest.DemoToken(t, "A0001")+"\n", "-headless", "-data", dir)
		if code != exitFailure || len(lines) != 0 {
			t.Errorf("%s: exit %d with %d verdicts, want a refusal to start", dir, code, len(lines))
		}
		if !strings.Contains(stderr, "read-only file system") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: message %q, want one line naming the read-only file system", dir, stderr)
		}
	}
}
