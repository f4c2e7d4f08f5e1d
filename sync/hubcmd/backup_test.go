package hubcmd

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/hubstore"
)

func TestBackupRestore(t *testing.T) {
	dir := exportHub(t)
	out := filepath.Join(t.TempDir(), "forum.db")
	code, stdout, stderr := run("backup", "-data", dir, "-out", out)
	if code != 0 || !strings.Contains(stdout, "backed up") {
		t.Fatalf("backup: exit %d: %s%s", code, stdout, stderr)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	code, stdout, stderr = run("restore", "-data", restored, out)
	if code != 0 || !strings.Contains(stdout, "restored") || !strings.Contains(stderr, "hub serve -data "+restored) {
		t.Fatalf("restore: exit %d: %s%s", code, stdout, stderr)
	}
	// The restored hub exports the same scans.
	a, _ := readExport(t, "-data", dir, "-out", filepath.Join(t.TempDir(), "a.csv"))
	b, _ := readExport(t, "-data", restored, "-out", filepath.Join(t.TempDir(), "b.csv"))
	if len(a) != len(b) || len(a) < 2 {
		t.Errorf("export of the restored hub: %d rows, the original's %d", len(b), len(a))
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"backup without -out", []string{"backup", "-data", dir}, 2, "-out FILE is required"},
		{"backup into a missing folder", []string{"backup", "-data", dir, "-out", filepath.Join(t.TempDir(), "no", "x.db")}, 1, "does not exist"},
		{"backup of no hub", []string{"backup", "-data", t.TempDir(), "-out", out}, 1, "no event in"},
		{"restore over a hub", []string{"restore", "-data", dir, out}, 1, "already holds a hub"},
		{"restore without a file", []string{"restore", "-data", t.TempDir()}, 2, "the backup FILE is required"},
		{"restore without -data", []string{"restore", out}, 2, "-data DIR is required"},
		{"restore a file that is no backup", []string{"restore", "-data", filepath.Join(t.TempDir(), "r"), writeFile(t, "x.db", "hello")}, 1, "not a database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != tt.code || !strings.Contains(lastLine(stderr), tt.want) {
				t.Errorf("exit %d, %q; want %d and %q", code, lastLine(stderr), tt.code, tt.want)
			}
		})
	}
}

func TestRollingBackups(t *testing.T) {
	st, err := hubstore.Open(exportHub(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	// Old backups beyond the ones kept go.
	for i := range rollingBackupsKept + 3 {
		os.WriteFile(filepath.Join(dir, backupName(time.Date(2016, 7, 4, 0, 0, i, 0, time.UTC))), []byte("x"), 0o600)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		rollingBackups(ctx, st, dir, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		all, _ := filepath.Glob(filepath.Join(dir, "hub-*.db"))
		old, _ := filepath.Glob(filepath.Join(dir, "hub-20160704-*.db"))
		if fresh := len(all) - len(old); fresh >= 1 && len(all) == rollingBackupsKept {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d backups in all, %d old", len(all), len(old))
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if old, _ := filepath.Glob(filepath.Join(dir, backupName(time.Date(2016, 7, 4, 0, 0, 0, 0, time.UTC)))); len(old) != 0 {
		t.Error("the oldest backup was kept")
	}
}

// hub serve -backup-dir backs the hub up while it serves, and once more as
// it stops.
func TestServeWithBackups(t *testing.T) {
	dir := exportHub(t)
	backups := t.TempDir()
	h := startHub(t, "serve", "-data", dir, "-addr", "127.0.0.1:0", "-backup-dir", backups, "-backup-every", "10s")
	if c := h.stop(); c != 0 {
		t.Fatalf("serve exit %d: %s", c, h.stderr)
	}
	names, _ := filepath.Glob(filepath.Join(backups, "hub-*.db"))
	if len(names) != 1 {
		t.Fatalf("backups %v after serving, want the one taken at the stop", names)
	}
	restored := filepath.Join(t.TempDir(), "r")
	if code, _, stderr := run("restore", "-data", restored, names[0]); code != 0 {
		t.Errorf("restore of the automatic backup: %s", stderr)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-backup-dir", filepath.Join(t.TempDir(), "unplugged")}, "is not a folder"},
		{[]string{"-backup-dir", backups, "-backup-every", "1s"}, "too often"},
		{[]string{"-kiosk-quota", "lots"}, "BURST/PER_SECOND"},
		{[]string{"-kiosk-quota", "10/1"}, "at least 500"},
	} {
		code, _, stderr := run(append([]string{"serve", "-data", dir}, tt.args...)...)
		if code != 2 || !strings.Contains(lastLine(stderr), tt.want) {
			t.Errorf("serve %v: exit %d %q, want %q", tt.args, code, lastLine(stderr), tt.want)
		}
	}
}

// The systemd units start commands that exist, with flags they take, and
// pass systemd's own check.
func TestSystemdUnits(t *testing.T) {
	units, _ := filepath.Glob("../../assets/systemd/*.service")
	if len(units) != 3 {
		t.Fatalf("units %v", units)
	}
	for _, u := range units {
		b, err := os.ReadFile(u)
		if err != nil {
			t.Fatal(err)
		}
		var start string
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "ExecStart="); ok {
				start = v
			}
		}
		fields := strings.Fields(start)
		if len(fields) < 2 {
			t.Fatalf("%s: ExecStart %q", u, start)
		}
		if filepath.Base(fields[0]) == "hub" {
			_, usage, _ := run(fields[1], "-h")
			for _, f := range fields[2:] {
				if strings.HasPrefix(f, "-") && !strings.Contains(usage, "\n  "+f+" ") {
					t.Errorf("%s: hub %s has no flag %s", filepath.Base(u), fields[1], f)
				}
			}
		}
		if _, err := exec.LookPath("systemd-analyze"); err != nil {
			continue
		}
		// systemd checks the unit with a stand-in for the binary.
		stub := filepath.Join(t.TempDir(), filepath.Base(fields[0]))
		os.WriteFile(stub, []byte("#!/bin/sh\n"), 0o755)
		staged := filepath.Join(t.TempDir(), filepath.Base(u))
		os.WriteFile(staged, []byte(strings.ReplaceAll(string(b), fields[0], stub)), 0o644)
		out, err := exec.Command("systemd-analyze", "verify", staged).CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("systemd-analyze verify %s: %v\n%s", filepath.Base(u), err, out)
		}
	}
}
