//go:build ci

package app

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// The window's start, in-process: with -tags ci Fyne's software driver
// builds the screens and returns at once, so the wiring (mode, checkpoint,
// role, colour, settings kept from an earlier start) runs without a
// display. The real window under Xvfb is cmd/kiosk's test.
func TestWindowStart(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]string // in the store before the start
		args     []string
		code     int
		want     string // in standard error
	}{
		{"default", nil, nil, exitOK, "mode=self checkpoint=entrance language=fr"},
		{"flags", nil, []string{"-mode", "desk", "-lang", "en", "-checkpoint", "ag-cuf"}, exitOK, "mode=desk checkpoint=ag-cuf language=en"},
		{"kept from the settings", map[string]string{kiosk.SettingWindowMode: "session", kiosk.SettingWindowCheckpoint: "ag-cuf"}, nil, exitOK, "mode=session checkpoint=ag-cuf"},
		{"flag wins over the settings", map[string]string{kiosk.SettingWindowMode: "session"}, []string{"-mode", "organiser"}, exitOK, "mode=organiser"},
		{"stored mode beyond the role", map[string]string{kiosk.SettingHubRole: "self", kiosk.SettingWindowMode: "desk"}, nil, exitOK, "mode=self"},
		{"mode beyond the role", map[string]string{kiosk.SettingHubRole: "self"}, []string{"-mode", "desk"}, exitUsage, "enrolled as self: desk mode needs"},
		{"unknown mode", nil, []string{"-mode", "bouncer"}, exitUsage, `unknown mode "bouncer"`},
		{"unknown language", nil, []string{"-lang", "de"}, exitUsage, `unknown language "de"`},
		{"unknown checkpoint", nil, []string{"-checkpoint", "nowhere"}, exitUsage, "unknown checkpoint"},
		{"bad colour", nil, []string{"-color", "red"}, exitUsage, "-color"},
		{"bad camera", nil, []string{"-camera", "webcam"}, exitUsage, `-camera "webcam"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The system's language is the default: French here, whatever
			// the machine running the test says (make sets en_US).
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", "fr_FR.UTF-8")
			data := t.TempDir()
			// The first start makes the data folder, as staff's first run would.
			if code, _, stderr := run(t, "", "-headless", "-data", data); code != exitOK {
				t.Fatalf("prepare: %d %s", code, stderr)
			}
			if tt.settings != nil {
				putSettings(t, data, tt.settings)
			}
			code, stderr := runWindowTest(t, append([]string{"-data", data, "-camera", "off", "-mute"}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
			if strings.Contains(stderr, "goroutine ") {
				t.Errorf("stack trace: %s", stderr)
			}
		})
	}
}

// TestWindowKeepsColour: -color is kept for the next start, which needs no
// flag to show it.
func TestWindowKeepsColour(t *testing.T) {
	data := t.TempDir()
	if code, stderr := runWindowTest(t, "-data", data, "-camera", "off", "-mute", "-color", "#1a5f7a"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	st, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, err := st.Setting(context.Background(), kiosk.SettingWindowColor); err != nil || v != "#1a5f7a" {
		t.Errorf("kept colour %q, %v", v, err)
	}
}

func runWindowTest(t *testing.T, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // ends the goroutine that would quit the window
	var errOut bytes.Buffer
	code := (&Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut}).Run(ctx, args)
	return code, errOut.String()
}

func putSettings(t *testing.T, data string, kv map[string]string) {
	t.Helper()
	st, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetSettings(context.Background(), kv); err != nil {
		t.Fatal(err)
	}
}
