package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"syscall"
	"testing"

	"github.com/accueil/accueil/kiosk/app/apptest"

	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// Killing the kiosk with SIGKILL in the middle of a stream of scans loses
// no scan whose verdict was written, and stores none twice.
func TestSIGKILLLosesNoAnsweredScan(t *testing.T) {
	data := t.TempDir()
	var answered []string // scan ids of every line any run wrote
	next := 1             // next attendee number to scan
	for round, killAfter := range []int{40, 75, 120, -1} {
		cmd := kioskCommand(t, "-headless", "-data", data, "-name", "k1")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Feed scans as fast as the kiosk takes them, far more than it will
		// answer before the kill.
		go func(first int) {
			for i := first; i < first+400; i++ {
				payload := apptest.DemoToken(t, fmt.Sprintf("A%04d", (i-1)%1500+1))
				if i%7 == 0 {
					payload = fmt.Sprintf("WZ-UNKNOWN-%d", i)
				}
				if _, err := fmt.Fprintln(stdin, payload); err != nil {
					return
				}
			}
			stdin.Close()
		}(next)
		next += 400
		sc := bufio.NewScanner(stdout)
		n := 0
		for sc.Scan() {
			var l headless.Line
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				// The kill may cut the last line short: a partial line is not
				// an answer anyone could have acted on.
				break
			}
			if l.Verdict == "" {
				t.Fatalf("round %d: a scan failed: %s", round, l.Error)
			}
			answered = append(answered, l.ScanID)
			n++
			if n == killAfter {
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
		err := cmd.Wait()
		if killAfter > 0 {
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("round %d: kiosk was not killed: %v", round, err)
			}
		} else if err != nil {
			t.Fatalf("last round: %v", err)
		}
		t.Logf("round %d: %d lines answered", round, n)
	}

	st, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored, err := st.Scans(context.Background(), 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	count := make(map[string]int, len(stored))
	for _, s := range stored {
		count[s.ID]++
	}
	for _, id := range answered {
		if count[id] != 1 {
			t.Errorf("answered scan %s is stored %d times", id, count[id])
		}
	}
	// Each kill may leave at most one scan committed whose line never got
	// out: three kills, three such scans at most.
	if extra := len(stored) - len(answered); extra < 0 || extra > 3 {
		t.Errorf("%d scans stored for %d answered lines", len(stored), len(answered))
	}
	if pending, _ := st.CountPending(context.Background()); pending != len(stored) {
		t.Errorf("outbox holds %d of %d scans", pending, len(stored))
	}
}
