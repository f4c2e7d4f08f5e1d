package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk/app/apptest"

	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hub/browsertest"
	"github.com/accueil/accueil/sync/hubstore"
)

// The whole path an organiser relies on: a badge scanned at a headless
// kiosk process reaches a hub process, whose dashboard, open in a real
// headless Chromium, shows the arrival within a second.
func TestScanShowsOnDashboard(t *testing.T) {
	ctx := browsertest.Browser(t)
	hubDir := t.TempDir()
	tokens := setUpDemoHub(t, hubDir, []string{"door-1"})
	st, err := hubstore.Open(hubDir)
	if err != nil {
		t.Fatal(err)
	}
	orgToken, err := st.DashboardToken(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	h := &hubProcess{t: t, dir: hubDir, addr: freeAddr(t)}
	h.start()
	t.Cleanup(h.kill)
	base := "http://" + h.addr

	if err := browsertest.Login(ctx, base, orgToken); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitFor(ctx, 10*time.Second, `document.getElementById("arrived").textContent === "0"`); err != nil {
		t.Fatalf("the dashboard never showed 0 arrivals: %v", err)
	}

	code := enroll.Code{Hub: h.addr, Token: tokens[0]}.String()
	cmd := kioskCommand(t, "-headless", "-data", t.TempDir(), "-enroll", code, "-drain", "10s")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	// The kiosk enrolls and connects first; the second that matters runs
	// from a scan of a connected kiosk.
	if err := browsertest.WaitFor(ctx, 30*time.Second, `document.querySelector("#kiosks li.up") !== null`); err != nil {
		t.Fatalf("the kiosk never showed online on the dashboard: %v", err)
	}

	for i, id := range []string{"A0001", "A0002"} {
		fmt.Fprintln(stdin, apptest.DemoToken(t, id))
		if !lines.Scan() {
			t.Fatalf("the kiosk gave no answer for %s", id)
		}
		var l headless.Line
		if err := json.Unmarshal(lines.Bytes(), &l); err != nil || l.Verdict != "accepted" {
			t.Fatalf("scan of %s: %s (%v)", id, lines.Text(), err)
		}
		// The line is written once the scan is durable at the kiosk; from
		// there the scan travels to the hub and on to the page.
		answered := time.Now()
		want := fmt.Sprint(i + 1)
		if err := browsertest.WaitFor(ctx, time.Second, `document.getElementById("arrived").textContent === "`+want+`"`); err != nil {
			t.Fatalf("scan %d not on the dashboard within a second of the kiosk's answer (it shows %q): %v",
				i+1, browsertest.Text(t, ctx, "arrived"), err)
		}
		t.Logf("scan %d on the dashboard %v after the kiosk answered", i+1, time.Since(answered).Round(time.Millisecond))
	}
}
