package hubcmd

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/qr"
)

func run(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := (&Main{Stdout: &out, Stderr: &errOut}).Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// The PNG badges decode, with our own decoder, to tokens a kiosk accepts.
func TestQRBadgesScan(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "badges")
	code, out, stderr := run("qr", "-out", dir, "-id", "A0001", "-id", "A0002")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "2 badges") {
		t.Errorf("output %q", out)
	}
	ev, _ := assets.DemoEvent()
	pub, err := kiosk.ParsePublicKey(ev.PublicKeys[0])
	if err != nil {
		t.Fatal(err)
	}
	reader := kiosk.NewBadgeReader(ev.ID, pub)
	files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(files) != 2 || !strings.HasSuffix(files[0], "A0001-mederic-petit.png") {
		t.Fatalf("files %v", files)
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		payload, err := qr.NewDecoder().DecodeImage(img)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if b, v := reader.Read(payload); v != "" || !strings.HasPrefix(filepath.Base(f), b.AttendeeID) {
			t.Errorf("%s: badge %+v verdict %q", f, b, v)
		}
	}
	payloads, _ := os.ReadFile(filepath.Join(dir, "payloads.txt"))
	if n := strings.Count(string(payloads), "\n"); n != 2 {
		t.Errorf("payloads.txt has %d lines", n)
	}
}

func TestBadHubCommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"qr without -out", []string{"qr"}, 2, "-out DIR is required"},
		{"unknown id", []string{"qr", "-out", "OUT", "-id", "NOPE"}, 1, "no attendee with id NOPE"},
		{"bad module", []string{"qr", "-out", "OUT", "-module", "0"}, 2, "out of range"},
		{"unwritable folder", []string{"qr", "-out", "/proc/accueil-badges"}, 1, "qr:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, a := range tt.args {
				if a == "OUT" {
					tt.args[i] = t.TempDir()
				}
			}
			code, _, stderr := run(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	if code, out, _ := run("-version"); code != 0 || !strings.HasPrefix(out, "hub "+kiosk.Version) {
		t.Errorf("-version: %d %q", code, out)
	}
}

// A peer decoder reads our badges too: what venue staff's phones or other
// scanners will see.
func TestQRBadgesScanWithZbar(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg (Debian's zbar-tools) is not installed; make test installs it")
	}
	dir := t.TempDir()
	if code, _, stderr := run("qr", "-out", dir, "-id", "A0001"); code != 0 {
		t.Fatal(stderr)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "payloads.txt"))
	out, err := exec.Command(zbar, "--raw", "-q", filepath.Join(dir, "A0001-mederic-petit.png")).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if strings.TrimSpace(string(out)) != strings.TrimSpace(string(want)) {
		t.Errorf("zbarimg read %q, want %q", out, want)
	}
}

// A command with subcommands of its own (hub certificates and hub
// certificates verify) and a group of subcommands (hub kiosk add) each
// find their method; anything else is a usage error naming what exists.
func TestDispatch(t *testing.T) {
	var ran string
	cmd := func(name string) func(*Main, context.Context, []string) error {
		return func(_ *Main, _ context.Context, args []string) error {
			ran = name + " " + strings.Join(args, " ")
			return nil
		}
	}
	tab := table{
		"certificates":        cmd("certificates"),
		"certificates verify": cmd("verify"),
		"kiosk add":           cmd("add"),
		"kiosk list":          cmd("list"),
	}
	tests := []struct {
		name, args, ran string
		code            int
		stderr          string
	}{
		{"command", "certificates -out DIR", "certificates -out DIR", 0, ""},
		{"its subcommand", "certificates verify -data D P", "verify -data D P", 0, ""},
		{"group", "kiosk add -data D n", "add -data D n", 0, ""},
		{"group without subcommand", "kiosk -data D", "", 2, "kiosk: missing subcommand (want add, list; run 'hub -h')"},
		{"group with unknown subcommand", "kiosk frob", "", 2, `kiosk: unknown subcommand "frob" (want add, list)`},
		{"two words as one", "kiosk add|-data", "", 2, `unknown command "kiosk add"`},
		{"unknown", "frob", "", 2, `unknown command "frob"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran = ""
			args := strings.Fields(tt.args)
			if strings.Contains(tt.args, "|") {
				args = strings.Split(tt.args, "|")
			}
			var out, errOut bytes.Buffer
			code := (&Main{Stdout: &out, Stderr: &errOut}).dispatch(context.Background(), tab, args)
			if code != tt.code || ran != tt.ran || !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("exit %d, ran %q, stderr %q; want %d, %q, %q", code, ran, errOut.String(), tt.code, tt.ran, tt.stderr)
			}
		})
	}
}
