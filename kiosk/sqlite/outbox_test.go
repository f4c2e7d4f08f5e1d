package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// downgradeToSchema6 makes a store look like one written before migration
// 0007: an outbox table holding the scans seqs, and no acknowledged mark.
func downgradeToSchema6(t *testing.T, dir string, seqs []int64) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != 7 {
		t.Fatalf("schema version %d, %v: this test knows version 7", version, err)
	}
	for _, q := range []string{
		"CREATE TABLE outbox (seq INTEGER PRIMARY KEY REFERENCES scans(seq)) STRICT",
		"DELETE FROM settings WHERE key = '" + kiosk.SettingAckedSeq + "'",
		"PRAGMA user_version = 6",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, seq := range seqs {
		if _, err := db.ExecContext(ctx, "INSERT INTO outbox (seq) VALUES (?)", seq); err != nil {
			t.Fatal(err)
		}
	}
}

// A store whose outbox was a table keeps exactly its waiting scans when the
// outbox becomes a mark, whatever the hub had acknowledged.
func TestOutboxTableBecomesMark(t *testing.T) {
	for _, tc := range []struct {
		name   string
		outbox []int64
		want   []int64
	}{
		{"nothing acknowledged", []int64{1, 2, 3, 4, 5}, []int64{1, 2, 3, 4, 5}},
		{"the first two acknowledged", []int64{3, 4, 5}, []int64{3, 4, 5}},
		{"everything acknowledged", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			st := openWith(t, dir, nil)
			scanAwa(t, st, 5)
			st.Close()
			downgradeToSchema6(t, dir, tc.outbox)

			st = openWith(t, dir, nil)
			pending, err := st.PendingScans(ctx, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, p := range pending {
				got = append(got, p.Seq)
			}
			n, err := st.CountPending(ctx)
			if err != nil || n != len(tc.want) || !slices.Equal(got, tc.want) {
				t.Errorf("pending %v (count %d, %v), want %v", got, n, err, tc.want)
			}
		})
	}
}

// Acknowledgements only move the mark up; a resync for a hub that holds
// less moves it down to what that hub has.
func TestAckedMark(t *testing.T) {
	st := openWith(t, t.TempDir(), nil)
	scanAwa(t, st, 6)
	pending := func() int {
		t.Helper()
		n, err := st.CountPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		name string
		do   func() error
		want int
	}{
		{"ack up to 4", func() error { return st.AckScans(ctx, 4) }, 2},
		{"a late ack for 2", func() error { return st.AckScans(ctx, 2) }, 2},
		{"a resync with a hub holding more", func() error { _, err := st.Resync(ctx, "g1", 5); return err }, 2},
		{"a resync with a hub holding up to 1", func() error { _, err := st.Resync(ctx, "g1", 1); return err }, 5},
		{"ack everything", func() error { return st.AckScans(ctx, 6) }, 0},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if n := pending(); n != s.want {
			t.Errorf("after %s: %d pending, want %d", s.name, n, s.want)
		}
	}
}

// scanAwa puts Awa on the roster and records n of her entrance scans, a
// second apart: this kiosk's own, seqs 1 to n.
func scanAwa(t *testing.T, st *sqlite.Store, n int) {
	t.Helper()
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{{ID: "A1", FirstName: "Awa", LastName: "Diallo"}}, nil); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := st.RecordScan(ctx, kiosk.ScanRequest{ID: kiosk.NewScanID(), Kiosk: "k1", Checkpoint: kiosk.EntranceID,
			Direction: kiosk.In, At: time.Now().Add(time.Duration(i) * time.Second), Badge: kiosk.Badge{AttendeeID: "A1"}}); err != nil {
			t.Fatal(err)
		}
	}
}
