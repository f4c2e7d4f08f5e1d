package chaos

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/kiosk/sqlite"
	_ "github.com/mattn/go-sqlite3" // the window kiosk's store, read beside it
)

// windowKiosk is the kiosk with its real window, fed by xdotool as a
// keyboard-wedge scanner types.
type windowKiosk struct {
	bin, dir, display string
	log               io.Writer
	logPath           string
	proc              *process
	name              string
	typed             int
}

// start enrolls the kiosk (headless, once) and opens its window.
func (w *windowKiosk) start(ctx context.Context, hubBin, hubDir string) error {
	w.name = "window-1"
	out, err := hubCLI(ctx, hubBin, "", "kiosk", "add", "-data", hubDir, w.name)
	if err != nil {
		return err
	}
	enrol := exec.CommandContext(ctx, w.bin, "-headless", "-data", w.dir, "-enroll", strings.TrimSpace(out), "-name", w.name)
	enrol.Stdout, enrol.Stderr = w.log, w.log
	if err := enrol.Run(); err != nil {
		return fmt.Errorf("enroll the window kiosk: %w", err)
	}
	cmd := exec.Command(w.bin, "-data", w.dir, "-mode", "self", "-mute", "-lang", "fr", "-camera", "off")
	cmd.Env = append(os.Environ(), "DISPLAY="+w.display, "LANG=fr_FR.UTF-8")
	cmd.Stdout, cmd.Stderr = w.log, w.log
	if w.proc, err = startProcess(cmd); err != nil {
		return err
	}
	find := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", "Accueil")
	find.Env = append(os.Environ(), "DISPLAY="+w.display)
	done := make(chan error, 1)
	go func() { done <- find.Run() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("no kiosk window on %s: %w", w.display, err)
		}
	case <-time.After(60 * time.Second):
		_ = find.Process.Kill()
		return fmt.Errorf("no kiosk window on %s within 60 s (see %s)", w.display, w.logPath)
	}
	time.Sleep(time.Second) // the first frame
	return nil
}

func (w *windowKiosk) xdo(args ...string) error {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+w.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("xdotool %s: %w: %s", args[0], err, out)
	}
	return nil
}

// feed types a badge and Enter every interval, as a USB scanner does.
func (w *windowKiosk) feed(ctx context.Context, stop <-chan struct{}, b *badges, rnd *rand.Rand, every time.Duration, claim func() bool) {
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
		if !claim() {
			return
		}
		// One xdotool for the badge and its Enter, as a scanner sends
		// them: a second process could start after the wedge's MaxGap.
		if w.xdo("type", "--delay", "5", b.next(rnd)+"\n") == nil {
			w.typed++
		}
	}
}

// finish waits until the window kiosk's scans have reached the hub, stops
// it, and reads its scans from its store as the lines it would print.
func (w *windowKiosk) finish(ctx context.Context, hubAddr string) ([]headless.Line, error) {
	// The last badge typed may still be between the X server and the
	// store: give it the wedge's silence and a decision, many times over.
	time.Sleep(2 * time.Second)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		pending, err := w.pending()
		if err == nil && pending == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	w.proc.stop(15 * time.Second)
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(w.dir, sqlite.FileName)+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("window kiosk store: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT id, kiosk, checkpoint, direction, verdict, attendee_id FROM scans WHERE kiosk = ?", w.name)
	if err != nil {
		return nil, fmt.Errorf("window kiosk scans: %w", err)
	}
	defer rows.Close()
	var lines []headless.Line
	for rows.Next() {
		var l headless.Line
		if err := rows.Scan(&l.ScanID, &l.Kiosk, &l.Checkpoint, &l.Direction, &l.Verdict, &l.AttendeeID); err != nil {
			return nil, fmt.Errorf("window kiosk scans: %w", err)
		}
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

// pending counts the window kiosk's scans not yet acknowledged.
func (w *windowKiosk) pending() (int, error) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(w.dir, sqlite.FileName)+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow(sqlite.PendingCountSQL).Scan(&n)
	return n, err
}
