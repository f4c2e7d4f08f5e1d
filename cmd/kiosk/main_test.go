package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk/app"
	"github.com/accueil/accueil/kiosk/app/apptest"
	"github.com/accueil/accueil/kiosk/headless"
)

// The test binary doubles as the kiosk binary: tests that need a real
// process (to kill it, or to run it as another user) start themselves with
// ACCUEIL_RUN_KIOSK=1.
func TestMain(m *testing.M) {
	if os.Getenv("ACCUEIL_RUN_KIOSK") == "1" {
		main()
		return
	}
	if dir := os.Getenv("ACCUEIL_RUN_HUB"); dir != "" {
		runTestHub(dir, os.Getenv("ACCUEIL_HUB_ADDR"))
		return
	}
	os.Exit(m.Run())
}

func kioskCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "ACCUEIL_RUN_KIOSK=1")
	return cmd
}

// run runs the kiosk in-process and returns its exit status, output lines
// and standard error: the process tests prepare folders with it.
func run(t *testing.T, stdin string, args ...string) (int, []headless.Line, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &app.Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	code := m.Run(context.Background(), args)
	return code, apptest.ParseLines(t, out.String()), errOut.String()
}

func TestSecondProcessRefused(t *testing.T) {
	data := t.TempDir()
	first := kioskCommand(t, "-headless", "-data", data)
	stdin, err := first.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, _ := first.StdoutPipe()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); first.Wait() }()
	// Once the first kiosk has answered a scan it holds the folder.
	fmt.Fprintln(stdin, "WZ-1")
	if !bufio.NewScanner(stdout).Scan() {
		t.Fatal("first kiosk did not answer")
	}
	second := kioskCommand(t, "-headless", "-data", data)
	out, err := second.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "in use by another process") {
		t.Fatalf("second kiosk: %v, %s", err, out)
	}
	if strings.Count(strings.TrimSpace(string(out)), "\n") > 0 {
		t.Errorf("the refusal is more than one line: %s", out)
	}
}
