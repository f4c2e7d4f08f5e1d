package boot_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
)

// `kiosk -roster FILE` with one note far over its bound: nothing is
// imported and the error names the line; -skip-bad imports the good rows.
func TestRosterWithOverlongNote(t *testing.T) {
	file := filepath.Join(t.TempDir(), "roster.csv")
	body := "id;first_name;last_name;note;code\r\n" +
		"X1;Jean;Dupont;fauteuil;EXT-1\r\n" +
		"X2;Awa;Diallo;" + strings.Repeat("n", 3201) + ";EXT-2\r\n" +
		"X3;Zoé;Martin;;\r\n"
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, err := boot.Open(ctx, boot.Options{Dir: dir, RosterFile: file})
	var rerr *boot.RosterError
	if !errors.As(err, &rerr) || !strings.Contains(err.Error(), "line 3: note is 3,201 characters, at most 1,000") ||
		!strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("error = %v", err)
	}

	k, err := boot.Open(ctx, boot.Options{Dir: dir, RosterFile: file, SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if _, err := k.Store.Attendee(ctx, "X2"); err == nil {
		t.Error("the bad row was imported")
	}
	for _, id := range []string{"X1", "X3"} {
		if _, err := k.Store.Attendee(ctx, id); err != nil {
			t.Errorf("good row %s: %v", id, err)
		}
	}
	// The roster was imported before the demo event was named: its code
	// still admits.
	s := &kiosk.Station{Reader: k.Reader, Recorder: k.Store, Kiosk: k.Name, Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	if res, err := s.Scan(ctx, "ext-1"); err != nil || res.Attendee.ID != "X1" {
		t.Errorf("scan of X1's code: %+v, %v", res.Scan, err)
	}
}

// The demo imports its roster before it names its event, and the codes it
// holds are hashed with that event: they admit all the same.
func TestDemoCodesAdmit(t *testing.T) {
	k, err := boot.Open(ctx, boot.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	s := &kiosk.Station{Reader: k.Reader, Recorder: k.Store, Kiosk: k.Name, Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	if res, err := s.Scan(ctx, "WZ-8SQHXALB"); err != nil || res.Attendee.ID != "A0033" || res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("demo code: %+v, %v", res.Scan, err)
	}
}
