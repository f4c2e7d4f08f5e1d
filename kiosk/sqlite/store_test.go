package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

var (
	t0  = time.Date(2016, 7, 4, 9, 0, 0, 0, time.UTC)
	ctx = context.Background()
)

func testRoster() []kiosk.Attendee {
	return []kiosk.Attendee{
		{ID: "A1", FirstName: "Médéric", LastName: "PETIT", Organisation: "Media Contact Services", Category: kiosk.CategoryStaff, Language: kiosk.French},
		{ID: "A2", FirstName: "Awa", LastName: "Diallo", Organisation: "Commune de Dakar", Category: kiosk.CategoryDelegation, Language: kiosk.French},
		{ID: "A3", FirstName: "John", LastName: "Smith", Organisation: "UCLG", Category: kiosk.CategoryPress, Language: kiosk.English, Code: "WZ-123"},
		{ID: "A4", FirstName: "Hélène", LastName: "Martin", Organisation: "Ville de Lyon", Category: kiosk.CategoryVisitor},
		{ID: "A5", FirstName: "Jérôme", LastName: "Petitjean", Organisation: "Région Île-de-France", Category: kiosk.CategoryVisitor},
		{ID: "A6", FirstName: "Robert'); DROP TABLE attendees;--", LastName: "Tables", Category: kiosk.CategoryVisitor},
	}
}

func testCheckpoints() []kiosk.Checkpoint {
	return []kiosk.Checkpoint{
		{ID: "ag-cuf", Name: "Assemblée générale", Kind: kiosk.KindSession, Capacity: 2,
			Categories: []kiosk.Category{kiosk.CategoryVisitor, kiosk.CategoryStaff},
			StartsAt:   t0.Add(2 * time.Hour), EndsAt: t0.Add(4 * time.Hour)},
	}
}

type fixture struct {
	store *sqlite.Store
	key   kiosk.PrivateKey
	now   time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.ImportAttendees(ctx, testRoster(), nil); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveCheckpoints(ctx, testCheckpoints()); err != nil {
		t.Fatal(err)
	}
	key, err := kiosk.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{store: st, key: key, now: t0}
}

func (f *fixture) token(t *testing.T, id string, issue int) string {
	t.Helper()
	tok, err := f.key.Sign(kiosk.Token{Event: "faic2016", AttendeeID: id, Issue: issue})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// scan records one payload at a checkpoint through a fresh station, so the
// repeat filter never hides a scan the test means to record.
func (f *fixture) scan(t *testing.T, kioskName, checkpoint string, dir kiosk.Direction, payload string) kiosk.Result {
	t.Helper()
	f.now = f.now.Add(time.Minute)
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", f.key.Public()), Recorder: f.store,
		Kiosk: kioskName, Checkpoint: checkpoint, Direction: dir, Now: func() time.Time { return f.now }}
	res, err := st.Scan(ctx, payload)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRecordScanVerdicts(t *testing.T) {
	f := newFixture(t)
	other, _ := kiosk.GenerateKey()
	foreign, _ := other.Sign(kiosk.Token{Event: "autre-2017", AttendeeID: "A1"})
	if err := f.store.Revoke(ctx, "A5", 0, "lost badge"); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name       string
		kiosk, cp  string
		dir        kiosk.Direction
		payload    string
		want       kiosk.Verdict
		wantReason string
		wantFirst  string // kiosk named as the first entry
	}{
		{"first entry", "k1", "entrance", kiosk.In, f.token(t, "A1", 1), kiosk.VerdictAccepted, "", ""},
		{"second entry elsewhere", "k2", "entrance", kiosk.In, f.token(t, "A1", 1), kiosk.VerdictAlreadyCheckedIn, "", "k1"},
		{"exit", "k2", "entrance", kiosk.Out, f.token(t, "A1", 1), kiosk.VerdictAccepted, "", ""},
		{"re-entry after exit", "k1", "entrance", kiosk.In, f.token(t, "A1", 1), kiosk.VerdictAccepted, "", ""},
		{"exit without entry", "k1", "entrance", kiosk.Out, f.token(t, "A4", 1), kiosk.VerdictAccepted, kiosk.ReasonNotInside, ""},
		{"outside code", "k1", "entrance", kiosk.In, "WZ-123", kiosk.VerdictAccepted, "", ""},
		{"outside code typed with Caps Lock", "k2", "entrance", kiosk.In, "wz-123", kiosk.VerdictAlreadyCheckedIn, "", "k1"},
		{"unknown code", "k1", "entrance", kiosk.In, "WZ-999", kiosk.VerdictUnknownBadge, "", ""},
		{"token for nobody", "k1", "entrance", kiosk.In, f.token(t, "Z9", 1), kiosk.VerdictUnknownBadge, "", ""},
		{"revoked attendee", "k1", "entrance", kiosk.In, f.token(t, "A5", 2), kiosk.VerdictRevoked, "", ""},
		{"foreign event", "k1", "entrance", kiosk.In, foreign, kiosk.VerdictWrongEvent, "", ""},
		{"garbage", "k1", "entrance", kiosk.In, "\x00\x01\x02", kiosk.VerdictUnreadable, "", ""},
		{"SQL in payload", "k1", "entrance", kiosk.In, "'; DROP TABLE scans;--", kiosk.VerdictUnknownBadge, "", ""},
		{"session before opening", "k3", "ag-cuf", kiosk.In, f.token(t, "A4", 1), kiosk.VerdictNotAllowedHere, kiosk.ReasonBeforeOpening, ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			res := f.scan(t, s.kiosk, s.cp, s.dir, s.payload)
			if res.Scan.Verdict != s.want || res.Scan.Reason != s.wantReason {
				t.Fatalf("verdict %s (%s), want %s (%s)", res.Scan.Verdict, res.Scan.Reason, s.want, s.wantReason)
			}
			if res.Scan.FirstKiosk != s.wantFirst {
				t.Errorf("first kiosk %q, want %q", res.Scan.FirstKiosk, s.wantFirst)
			}
			if s.name == "second entry elsewhere" && !res.Scan.FirstAt.Equal(t0.Add(time.Minute)) {
				t.Errorf("first at %s, want %s", res.Scan.FirstAt, t0.Add(time.Minute))
			}
			stored, err := f.store.ScanByID(ctx, res.Scan.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Verdict != s.want {
				t.Errorf("stored verdict %s, want %s", stored.Verdict, s.want)
			}
		})
	}
	pending, err := f.store.CountPending(ctx)
	if err != nil || pending != len(steps) {
		t.Errorf("outbox holds %d scans (%v), want every scan: %d", pending, err, len(steps))
	}
	if n, _ := f.store.CountAttendees(ctx); n != len(testRoster()) {
		t.Errorf("roster has %d attendees after SQL-looking payloads, want %d", n, len(testRoster()))
	}
}

// The General Meeting is members-only and has two seats in this fixture.
func TestSessionRules(t *testing.T) {
	f := newFixture(t)
	f.now = t0.Add(2 * time.Hour)
	steps := []struct {
		id         string
		dir        kiosk.Direction
		want       kiosk.Verdict
		wantReason string
		inside     int
	}{
		{"A2", kiosk.In, kiosk.VerdictNotAllowedHere, kiosk.ReasonCategory, 0}, // foreign delegation
		{"A3", kiosk.In, kiosk.VerdictNotAllowedHere, kiosk.ReasonCategory, 0}, // press
		{"A1", kiosk.In, kiosk.VerdictAccepted, "", 1},
		{"A4", kiosk.In, kiosk.VerdictAccepted, "", 2},
		{"A6", kiosk.In, kiosk.VerdictRoomFull, "", 2},
		{"A1", kiosk.In, kiosk.VerdictAlreadyCheckedIn, "", 2},
		{"A1", kiosk.Out, kiosk.VerdictAccepted, "", 1},
		{"A6", kiosk.In, kiosk.VerdictAccepted, "", 2},
		{"A4", kiosk.Out, kiosk.VerdictAccepted, "", 1},
		{"A4", kiosk.Out, kiosk.VerdictAccepted, kiosk.ReasonNotInside, 1},
	}
	for i, s := range steps {
		t.Run(fmt.Sprintf("%d %s %s", i, s.id, s.dir), func(t *testing.T) {
			res := f.scan(t, "door", "ag-cuf", s.dir, f.token(t, s.id, 1))
			if res.Scan.Verdict != s.want || res.Scan.Reason != s.wantReason {
				t.Fatalf("verdict %s (%s), want %s (%s)", res.Scan.Verdict, res.Scan.Reason, s.want, s.wantReason)
			}
			if n, err := f.store.Occupancy(ctx, "ag-cuf"); err != nil || n != s.inside {
				t.Errorf("occupancy %d (%v), want %d", n, err, s.inside)
			}
		})
	}
	f.now = t0.Add(5 * time.Hour)
	if res := f.scan(t, "door", "ag-cuf", kiosk.In, f.token(t, "A4", 1)); res.Scan.Reason != kiosk.ReasonAfterClosing {
		t.Errorf("after closing: %s (%s)", res.Scan.Verdict, res.Scan.Reason)
	}
}

// A checkpoint changed while a kiosk scans for it (the hub sends a new
// capacity, say) rules the next scan: the scan path's cached checkpoint is
// forgotten by every write of checkpoints.
func TestChangedCheckpointRulesNextScan(t *testing.T) {
	f := newFixture(t)
	f.now = t0.Add(2 * time.Hour)
	for _, s := range []struct {
		id       string
		capacity int
		apply    bool // through ApplyCheckpoints, as the hub client does
		want     kiosk.Verdict
	}{
		{"A1", 2, false, kiosk.VerdictAccepted},
		{"A4", 1, false, kiosk.VerdictRoomFull},
		{"A4", 3, true, kiosk.VerdictAccepted},
		{"A6", 2, true, kiosk.VerdictRoomFull},
	} {
		t.Run(fmt.Sprintf("%s capacity %d", s.id, s.capacity), func(t *testing.T) {
			cps := testCheckpoints()
			cps[0].Capacity = s.capacity
			save := func() error { return f.store.SaveCheckpoints(ctx, cps) }
			if s.apply {
				save = func() error { return f.store.ApplyCheckpoints(ctx, int64(s.capacity), cps) }
			}
			if err := save(); err != nil {
				t.Fatal(err)
			}
			if res := f.scan(t, "door", "ag-cuf", kiosk.In, f.token(t, s.id, 1)); res.Scan.Verdict != s.want {
				t.Errorf("verdict %s, want %s", res.Scan.Verdict, s.want)
			}
		})
	}
}

func TestUnknownCheckpointIsAnError(t *testing.T) {
	f := newFixture(t)
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", f.key.Public()), Recorder: f.store, Kiosk: "k", Checkpoint: "nowhere", Direction: kiosk.In}
	_, err := st.Scan(ctx, f.token(t, "A1", 1))
	if !errors.Is(err, kiosk.ErrUnknownCheckpoint) {
		t.Fatalf("err = %v, want ErrUnknownCheckpoint", err)
	}
	if n, _ := f.store.CountPending(ctx); n != 0 {
		t.Errorf("%d scans stored for a failed scan", n)
	}
}

func TestRepeatWithinWindowIsOneScan(t *testing.T) {
	f := newFixture(t)
	now := t0
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", f.key.Public()), Recorder: f.store,
		Kiosk: "k", Checkpoint: "entrance", Direction: kiosk.In, Now: func() time.Time { return now }}
	tok := f.token(t, "A2", 1)
	first, err := st.Scan(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Second)
	again, err := st.Scan(ctx, tok+"\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if !again.Repeat || again.Scan.ID != first.Scan.ID || again.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("repeat within 2 s = %+v, want the first scan marked repeat", again)
	}
	now = now.Add(2 * time.Second)
	later, err := st.Scan(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if later.Repeat || later.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn {
		t.Errorf("scan after 4 s = %+v, want a new already_checked_in scan", later)
	}
	if n, _ := f.store.CountPending(ctx); n != 2 {
		t.Errorf("%d scans stored, want 2", n)
	}
}

func TestSecondProcessRefused(t *testing.T) {
	dir := t.TempDir()
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := sqlite.Open(dir); !errors.Is(err, sqlite.ErrInUse) {
		t.Fatalf("second open: %v, want ErrInUse", err)
	}
}

func TestReimportUpdatesInPlace(t *testing.T) {
	f := newFixture(t)
	res := f.scan(t, "k", "entrance", kiosk.In, f.token(t, "A4", 1))
	roster := testRoster()
	roster[3].Organisation = "Métropole de Lyon"
	roster = append(roster, kiosk.Attendee{ID: "A7", FirstName: "Nguyễn", LastName: "Văn An", Category: kiosk.CategoryDelegation})
	stats, err := f.store.ImportAttendees(ctx, roster, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Added != 1 || stats.Updated != len(testRoster()) {
		t.Errorf("stats %+v", stats)
	}
	a, err := f.store.Attendee(ctx, "A4")
	if err != nil || a.Organisation != "Métropole de Lyon" {
		t.Errorf("A4 = %+v, %v", a, err)
	}
	if got, _ := f.store.Search(ctx, "metropole", 10); len(got) != 1 {
		t.Errorf("search after re-import: %v", got)
	}
	if got, _ := f.store.Search(ctx, "ville de lyon", 10); len(got) != 0 {
		t.Errorf("old organisation still found: %v", got)
	}
	if _, err := f.store.ScanByID(ctx, res.Scan.ID); err != nil {
		t.Errorf("check-in lost by re-import: %v", err)
	}
	// A code that another attendee holds makes the whole import fail.
	bad := append(testRoster(), kiosk.Attendee{ID: "A8", LastName: "Dup", Code: "WZ-123"})
	if _, err := f.store.ImportAttendees(ctx, bad, nil); err == nil {
		t.Error("import with a taken code succeeded")
	}
	if _, err := f.store.Attendee(ctx, "A8"); !errors.Is(err, sqlite.ErrNotFound) {
		t.Errorf("failed import left A8 behind: %v", err)
	}
}

func TestSearch(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"mederic", []string{"A1"}},
		{"petit m", []string{"A1"}},
		{"PETIT", []string{"A1", "A5"}},
		{"  hélène  ", []string{"A4"}},
		{"lyon ville", []string{"A4"}},
		{"wz-12", []string{"A3"}},
		{"dakar awa", []string{"A2"}},
		{"ile de france", []string{"A5"}},
		{"zzz", nil},
		{"", nil},
		{"'; DROP", []string{"A6"}},
		{"%", nil},
		{"😀", nil},
		{"שלום", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, err := f.store.Search(ctx, tt.query, 20)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range got {
				ids = append(ids, a.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, ids, tt.want)
			}
		})
	}
}

func TestAckScans(t *testing.T) {
	f := newFixture(t)
	for _, id := range []string{"A1", "A2", "A4"} {
		f.scan(t, "k", "entrance", kiosk.In, f.token(t, id, 1))
	}
	pending, err := f.store.PendingScans(ctx, 0, 10)
	if err != nil || len(pending) != 3 {
		t.Fatalf("pending %d, %v", len(pending), err)
	}
	if err := f.store.AckScans(ctx, pending[1].Seq); err != nil {
		t.Fatal(err)
	}
	left, _ := f.store.PendingScans(ctx, 0, 10)
	if len(left) != 1 || left[0].Seq != pending[2].Seq {
		t.Errorf("after ack: %v", left)
	}
}

func TestCodeMovesBetweenAttendees(t *testing.T) {
	f := newFixture(t)
	roster := testRoster()
	roster[0].Code, roster[2].Code = "WZ-123", "WZ-456" // A1 takes A3's code, listed first
	if _, err := f.store.ImportAttendees(ctx, roster, nil); err != nil {
		t.Fatal(err)
	}
	if res := f.scan(t, "k", "entrance", kiosk.In, "WZ-123"); res.Attendee.ID != "A1" {
		t.Errorf("WZ-123 admits %q, want A1", res.Attendee.ID)
	}
	dup := testRoster()
	dup[0].Code = "WZ-123" // and A3 keeps it: a duplicate within the file
	if _, err := f.store.ImportAttendees(ctx, dup, nil); err == nil {
		t.Error("a code given to two attendees was imported")
	}
}

func TestPurge(t *testing.T) {
	f := newFixture(t)
	res := f.scan(t, "k", "entrance", kiosk.In, "WZ-123")
	for run, want := range []int{len(testRoster()), 0} {
		n, err := f.store.Purge(ctx)
		if err != nil || n != want {
			t.Fatalf("purge %d: %d %v", run+1, n, err)
		}
	}
	a, _ := f.store.Attendee(ctx, "A3")
	if a.Name() != "A3" || a.Code != "" || a.Organisation != "" {
		t.Errorf("after purge: %+v", a)
	}
	if got, _ := f.store.Search(ctx, "smith", 10); len(got) != 0 {
		t.Errorf("search still finds names: %v", got)
	}
	sc, err := f.store.ScanByID(ctx, res.Scan.ID)
	if err != nil || sc.Payload != "" || sc.Verdict != kiosk.VerdictAccepted {
		t.Errorf("scan after purge: %+v %v", sc, err)
	}
}

// An import counts as updates exactly the ids already stored, whether its
// ids all sort after the stored ones (a download's next page), around
// them, or start at one of them.
func TestImportCountsUpdatesByPlace(t *testing.T) {
	person := func(id string) kiosk.Attendee {
		return kiosk.Attendee{ID: id, FirstName: "Awa", LastName: "Diallo " + id}
	}
	for _, tc := range []struct {
		name                 string
		list                 []string
		wantAdded, wantUpdat int
	}{
		{"after the stored ids", []string{"D1", "D2"}, 2, 0},
		{"around them", []string{"A0", "B9", "C5"}, 3, 0},
		{"starting at one", []string{"B2", "D1"}, 1, 1},
		{"ending at one", []string{"A0", "C3"}, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openWith(t, t.TempDir(), nil)
			if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{person("B2"), person("C3")}, nil); err != nil {
				t.Fatal(err)
			}
			var list []kiosk.Attendee
			for _, id := range tc.list {
				list = append(list, person(id))
			}
			stats, err := st.ImportAttendees(ctx, list, nil)
			if err != nil || stats.Added != tc.wantAdded || stats.Updated != tc.wantUpdat {
				t.Errorf("stats %+v, %v; want %d added, %d updated", stats, err, tc.wantAdded, tc.wantUpdat)
			}
		})
	}
}
