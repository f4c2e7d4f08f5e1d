package boot_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
)

var ctx = context.Background()

func TestFirstStartInstallsDemo(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	k, err := boot.Open(ctx, boot.Options{Dir: dir, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := k.Store.CountAttendees(ctx)
	if n < 1400 {
		t.Errorf("demo roster has %d attendees", n)
	}
	cps, _ := k.Store.Checkpoints(ctx)
	if len(cps) != 28 {
		t.Errorf("%d checkpoints", len(cps))
	}
	// The demo's sessions are moved to today, so the demo shows open doors.
	for _, c := range cps {
		if c.Kind == kiosk.KindSession && c.StartsAt.Year() != 2026 {
			t.Errorf("%s starts %s, not this year", c.ID, c.StartsAt)
		}
	}
	name, epoch := k.Name, k.Epoch
	k.Close()
	k, err = boot.Open(ctx, boot.Options{Dir: dir, Name: "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if k.Name != name || k.Epoch != epoch {
		t.Errorf("identity changed on restart: %s/%s → %s/%s", name, epoch, k.Name, k.Epoch)
	}
	// A fresh folder is a new epoch, so a wiped kiosk never reuses sequence numbers.
	k2, err := boot.Open(ctx, boot.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer k2.Close()
	if k2.Epoch == epoch {
		t.Error("two data folders share an epoch")
	}
}

// BenchmarkStartToReady opens a kiosk's folder holding 100,000 attendees and
// 100,000 scans, as the headless kiosk does before its first scan.
func BenchmarkStartToReady(b *testing.B) {
	dir := b.TempDir()
	if err := sqlitetest.Populate(ctx, dir, 100_000, 100_000); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	ev, _ := assets.DemoEvent()
	err = st.SetSettings(ctx, map[string]string{kiosk.SettingEvent: ev.ID, kiosk.SettingPublicKeys: ev.PublicKeys[0],
		kiosk.SettingName: "bench", kiosk.SettingEpoch: "e1"})
	st.Close()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		k, err := boot.Open(ctx, boot.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := k.Store.Checkpoint(ctx, kiosk.EntranceID); err != nil {
			b.Fatal(err)
		}
		k.Close()
	}
}

// BenchmarkRosterImport100k is `kiosk -roster FILE` on a new data folder
// with a 100,000-row roster: parsing, validation and the import transaction.
func BenchmarkRosterImport100k(b *testing.B) {
	file := filepath.Join(b.TempDir(), "roster.csv")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	if err := sqlitetest.WriteRosterCSV(f, sqlitetest.Attendees(100_000)); err != nil {
		b.Fatal(err)
	}
	f.Close()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		k, err := boot.Open(ctx, boot.Options{Dir: dir, RosterFile: file})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if n, _ := k.Store.CountAttendees(ctx); n != 100_000 {
			b.Fatalf("%d attendees imported", n)
		}
		k.Close()
		b.StartTimer()
	}
}
