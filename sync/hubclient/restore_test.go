package hubclient_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// The hub laptop dies mid-stream and a new hub starts from a backup taken
// before the last scans: the kiosks send again what it lacks, relays resume
// from the new hub's start, and the restored hub ends with every scan,
// none twice.
func TestRestoredHubGetsEveryScan(t *testing.T) {
	ctx := context.Background()
	v := newVenue(t, roster(60))
	a := v.door(t, t.TempDir(), "door-a")
	b := v.door(t, t.TempDir(), "door-b")
	eventually(t, "rosters", func() bool {
		na, _ := a.store.CountAttendees(ctx)
		nb, _ := b.store.CountAttendees(ctx)
		return na == 60 && nb == 60
	})
	hubScans := func() []hubstore.Scan { s, _ := v.store.ScansSince(ctx, 0, 10_000); return s }
	for i := 1; i <= 20; i++ {
		a.scan(t, v.token(t, fmt.Sprintf("A%04d", i)))
	}
	eventually(t, "first 20 scans at the hub", func() bool { return len(hubScans()) == 20 })
	backup := filepath.Join(t.TempDir(), "hub-backup.db")
	if _, err := v.store.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for i := 21; i <= 30; i++ {
		a.scan(t, v.token(t, fmt.Sprintf("A%04d", i)))
		b.scan(t, v.token(t, fmt.Sprintf("A%04d", i+10)))
	}
	eventually(t, "40 scans acknowledged", func() bool {
		pa, _ := a.store.CountPending(ctx)
		pb, _ := b.store.CountPending(ctx)
		return len(hubScans()) == 40 && pa == 0 && pb == 0
	})
	eventually(t, "door B knows door A's admissions", func() bool {
		st, _ := b.store.SyncState(ctx)
		return st.SeenCursor >= 40
	})

	// The laptop dies; its folder is gone. A new hub starts from the backup
	// on the same address.
	v.stop()
	old := v.store
	old.Close()
	dir := filepath.Join(t.TempDir(), "restored")
	info, err := hubstore.Restore(ctx, backup, dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Scans != 20 {
		t.Fatalf("backup holds %d scans, want 20", info.Scans)
	}
	if v.store, err = hubstore.Open(dir); err != nil {
		t.Fatal(err)
	}
	restored := v.store
	t.Cleanup(func() { v.stop(); restored.Close() })
	v.start()

	eventually(t, "every scan back at the restored hub", func() bool { return len(hubScans()) == 40 })
	seen := map[string]bool{}
	for _, s := range hubScans() {
		if seen[s.ID] {
			t.Errorf("scan %s stored twice", s.ID)
		}
		seen[s.ID] = true
	}
	// Relays resume from the new hub's numbering: a badge admitted at door A
	// now is known at door B.
	fresh := a.scan(t, v.token(t, "A0051"))
	eventually(t, "new admission relayed to door B", func() bool {
		_, err := b.store.ScanByID(ctx, fresh.Scan.ID)
		return err == nil
	})
	if res := b.scan(t, v.token(t, "A0051")); res.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn {
		t.Errorf("badge admitted at A after the restore, then at B: %s", res.Scan.Verdict)
	}
	eventually(t, "counts of the restored hub", func() bool { return v.server.Counts().CheckedIn == 41 })
}
