package hubstore_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
)

var paris = mustZone("Europe/Paris")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a kiosk time in Paris on the event's first (1) or second (2) day.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, 25+day, hour, minute, 0, 0, paris)
}

// reportStore holds a small event whose figures are worked out by hand in
// TestReport.
func reportStore(t *testing.T) *hubstore.Store {
	t.Helper()
	s := open(t)
	if _, err := s.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "A1", FirstName: "Awa", LastName: "Diallo", Category: kiosk.CategoryVisitor},
		{ID: "A2", FirstName: "Hélène", LastName: "Lefèvre", Organisation: "Cités Unies France", Category: kiosk.CategoryVisitor},
		{ID: "A3", LastName: "Nguyễn", Category: kiosk.CategorySpeaker},
		{ID: "A4", LastName: "Press", Category: kiosk.CategoryPress},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveCheckpoints(ctx, []kiosk.Checkpoint{
		{ID: "entrance", Name: "Accueil", Kind: kiosk.KindEntrance},
		{ID: "s1", Name: "Plénière d'ouverture", Kind: kiosk.KindSession, Room: "Amphithéâtre Havane",
			StartsAt: at(1, 9, 30), EndsAt: at(1, 11, 0), Capacity: 2},
		{ID: "s2", Name: "Clôture", Kind: kiosk.KindSession, StartsAt: at(2, 16, 0), EndsAt: at(2, 17, 0)},
	}); err != nil {
		t.Fatal(err)
	}
	type sc struct {
		kiosk, id, cp, att string
		dir                kiosk.Direction
		verdict            kiosk.Verdict
		reason, undoes     string
		at                 time.Time
	}
	ok, in, out := kiosk.VerdictAccepted, kiosk.In, kiosk.Out
	list := []sc{
		{"k1", "e1", "entrance", "A1", in, ok, "", "", at(1, 8, 0)},
		{"k2", "e2", "entrance", "A1", in, ok, "", "", at(1, 8, 1)}, // k2 was offline: a double entry
		{"k1", "e3", "entrance", "A2", in, ok, "", "", at(1, 8, 5)},
		{"k1", "e4", "entrance", "A2", in, kiosk.VerdictAlreadyCheckedIn, "", "", at(1, 8, 6)},
		{"k1", "e5", "entrance", "A3", in, ok, "", "", at(1, 8, 10)},
		{"k1", "e6", "entrance", "A3", out, ok, kiosk.ReasonUndo, "e5", at(1, 8, 11)}, // the desk undoes e5
		{"k1", "e7", "entrance", "", in, kiosk.VerdictUnknownBadge, "", "", at(1, 8, 12)},
		{"k3", "s1a", "s1", "A1", in, ok, "", "", at(1, 9, 30)},
		{"k3", "s1b", "s1", "A2", in, ok, "", "", at(1, 9, 31)},
		{"k3", "s1c", "s1", "A4", in, kiosk.VerdictNotAllowedHere, kiosk.ReasonCategory, "", at(1, 9, 40)},
		{"k3", "s1d", "s1", "A2", out, ok, "", "", at(1, 9, 45)},
		{"k3", "s1e", "s1", "A3", in, ok, "", "", at(1, 9, 50)},
		{"k2", "f1", "entrance", "A1", in, ok, "", "", at(2, 8, 0)},
		{"k1", "f2", "entrance", "A2", in, ok, "", "", at(2, 9, 0)},
		{"k3", "s2a", "s2", "A1", in, ok, "", "", at(2, 16, 5)},
		{"k3", "x1", "gone", "A1", in, kiosk.VerdictUnreadable, "", "", at(2, 16, 6)},
	}
	seq := map[string]int64{}
	for _, x := range list {
		seq[x.kiosk]++
		_, err := s.Ingest(ctx, []hubstore.Batch{{Kiosk: x.kiosk, Epoch: "e", Scans: []hubstore.Scan{{Seq: seq[x.kiosk], Scan: kiosk.Scan{
			ID: x.id, Checkpoint: x.cp, Direction: x.dir, Verdict: x.verdict, Reason: x.reason, AttendeeID: x.att, Undoes: x.undoes, At: x.at}}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestReport(t *testing.T) {
	s := reportStore(t)
	r, err := s.Report(ctx, paris)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2026-11-26", "2026-11-27"}; !slices.Equal(r.Days, want) {
		t.Errorf("days %v, want %v", r.Days, want)
	}
	var ids []string
	for _, c := range r.Checkpoints {
		ids = append(ids, c.ID)
	}
	if want := []string{"entrance", "s1", "s2", "gone"}; !slices.Equal(ids, want) {
		t.Fatalf("checkpoints %v, want %v", ids, want)
	}
	d1, d2 := "2026-11-26", "2026-11-27"
	figures := func(f hubstore.Figures) string {
		when := "-"
		if !f.PeakAt.IsZero() {
			when = f.PeakAt.In(paris).Format("02 15:04")
		}
		return fmt.Sprintf("attendees %d entries %d exits %d peak %d at %s refused %v doubles %d", f.Attendees, f.Entries, f.Exits,
			f.PeakInside, when, f.Refused, f.DoubleEntries)
	}
	tests := []struct {
		name string
		got  hubstore.Figures
		want string
	}{
		// A3's check-in was undone; A1's second entry (k2) is a double and
		// moves nobody inside.
		{"entrance, event", r.Checkpoints[0].Total, "attendees 2 entries 5 exits 0 peak 2 at 26 08:05 refused map[already_checked_in:1 unknown_badge:1] doubles 1"},
		{"entrance, day 1", r.Checkpoints[0].ByDay[d1], "attendees 2 entries 3 exits 0 peak 2 at 26 08:05 refused map[already_checked_in:1 unknown_badge:1] doubles 1"},
		// Inside starts again at zero: day 1's entries are not inside.
		{"entrance, day 2", r.Checkpoints[0].ByDay[d2], "attendees 2 entries 2 exits 0 peak 2 at 27 09:00 refused map[] doubles 0"},
		{"session 1", r.Checkpoints[1].Total, "attendees 3 entries 3 exits 1 peak 2 at 26 09:31 refused map[not_allowed_here/category:1] doubles 0"},
		{"session 2", r.Checkpoints[2].Total, "attendees 1 entries 1 exits 0 peak 1 at 27 16:05 refused map[] doubles 0"},
		{"session 2, day 1", r.Checkpoints[2].ByDay[d1], "attendees 0 entries 0 exits 0 peak 0 at - refused map[] doubles 0"},
		{"unknown checkpoint", r.Checkpoints[3].Total, "attendees 0 entries 0 exits 0 peak 0 at - refused map[unreadable:1] doubles 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := figures(tt.got); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	if r.Checkpoints[3].Known || r.Checkpoints[3].Name != "gone" || !r.Checkpoints[1].Known || r.Checkpoints[1].Room != "Amphithéâtre Havane" {
		t.Errorf("checkpoints %+v", r.Checkpoints)
	}

	var cats []string
	for _, c := range r.Categories {
		cats = append(cats, fmt.Sprintf("%s %d/%d %d+%d", c.Category, c.Attended, c.Registered, c.ByDay[d1], c.ByDay[d2]))
	}
	if want := []string{"visitor 2/2 2+2", "speaker 0/1 0+0", "press 0/1 0+0", "delegation 0/0 0+0", "partner 0/0 0+0", "staff 0/0 0+0"}; !slices.Equal(cats, want) {
		t.Errorf("categories %q\nwant %q", cats, want)
	}
	tot := r.Totals
	if got := fmt.Sprintf("%+v", tot); tot.Registered != 4 || tot.Attended != 2 || tot.AttendedSession != 3 || tot.Scans != 16 ||
		tot.Entries != 9 || tot.Refused != 4 || tot.DoubleEntries != 1 || tot.Undone != 1 || tot.ByDay[d1] != 2 || tot.ByDay[d2] != 2 || tot.Rate() != 0.5 {
		t.Errorf("totals %s", got)
	}
}

// An empty hub reports its checkpoints' days and zeros, not an error.
func TestReportEmpty(t *testing.T) {
	s := open(t)
	r, err := s.Report(ctx, paris)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Days) != 0 || len(r.Checkpoints) != 1 || r.Checkpoints[0].ID != kiosk.EntranceID || r.Totals.Scans != 0 || len(r.Categories) != len(kiosk.Categories) {
		t.Errorf("empty report %+v", r)
	}
}

func TestExportRows(t *testing.T) {
	s := reportStore(t)
	rows := exportRows(t, s)
	if len(rows) != 16 {
		t.Fatalf("%d rows", len(rows))
	}
	byID := map[string]hubstore.ExportRow{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	if r := byID["e3"]; r.FirstName != "Hélène" || r.LastName != "Lefèvre" || r.Organisation != "Cités Unies France" ||
		r.Category != kiosk.CategoryVisitor || r.CheckpointName != "Accueil" {
		t.Errorf("e3 %+v", r)
	}
	if r := byID["x1"]; r.CheckpointName != "" || r.Checkpoint != "gone" {
		t.Errorf("unknown checkpoint %+v", r)
	}
	if r := byID["e7"]; r.FirstName+r.LastName+string(r.Category) != "" {
		t.Errorf("unknown badge has personal columns %+v", r)
	}
	if byID["e2"].DoubleEntryOf != "e1" || byID["f1"].DoubleEntryOf != "" {
		t.Errorf("double entries: e2 of %q, f1 of %q", byID["e2"].DoubleEntryOf, byID["f1"].DoubleEntryOf)
	}
	if _, err := s.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	for _, r := range exportRows(t, s) {
		if r.FirstName+r.LastName+r.Organisation != "" {
			t.Errorf("after purge, %s has %q %q %q", r.ID, r.FirstName, r.LastName, r.Organisation)
		}
	}
	if r := exportRows(t, s)[2]; r.Category != kiosk.CategoryVisitor || r.AttendeeID != "A2" {
		t.Errorf("purge lost the category or id: %+v", r)
	}
}

func exportRows(t *testing.T, s *hubstore.Store) []hubstore.ExportRow {
	t.Helper()
	var out []hubstore.ExportRow
	if err := s.EachExportRow(ctx, time.UTC, func(r *hubstore.ExportRow) error {
		out = append(out, *r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// The store's double entries are the hub's (sync/hub tally.go), on a mess
// of kiosks, directions, undos and equal times.
func TestDoubleEntriesMatchTheHub(t *testing.T) {
	s := open(t)
	rng := rand.New(rand.NewPCG(1, 2))
	start := at(1, 8, 0)
	var batches []hubstore.Batch
	var admitted []hubstore.Scan
	for k := range 4 {
		b := hubstore.Batch{Kiosk: fmt.Sprintf("k%d", k), Epoch: "e"}
		for i := range 500 {
			sc := hubstore.Scan{Seq: int64(i + 1), Scan: kiosk.Scan{ID: fmt.Sprintf("k%d-%03d", k, i),
				Checkpoint: []string{"entrance", "s1"}[rng.IntN(2)], Direction: []kiosk.Direction{kiosk.In, kiosk.In, kiosk.Out}[rng.IntN(3)],
				Verdict: kiosk.VerdictAccepted, AttendeeID: fmt.Sprintf("A%d", rng.IntN(40)),
				At: start.Add(time.Duration(rng.IntN(600)) * time.Second)}}
			if rng.IntN(10) == 0 {
				sc.Verdict = kiosk.VerdictAlreadyCheckedIn
			}
			if len(admitted) > 0 && rng.IntN(15) == 0 {
				u := admitted[rng.IntN(len(admitted))]
				sc.Checkpoint, sc.AttendeeID, sc.Direction, sc.Reason, sc.Undoes = u.Checkpoint, u.AttendeeID, kiosk.Out, kiosk.ReasonUndo, u.ID
			} else if sc.Verdict == kiosk.VerdictAccepted {
				admitted = append(admitted, sc)
			}
			b.Scans = append(b.Scans, sc)
		}
		batches = append(batches, b)
	}
	if _, err := s.Ingest(ctx, batches); err != nil {
		t.Fatal(err)
	}
	want, err := hub.DoubleEntries(ctx, s, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 10 {
		t.Fatalf("only %d double entries: the data set tests little", len(want))
	}
	wantPairs := map[string]string{}
	for _, d := range want {
		wantPairs[d.SecondScan] = d.FirstScan
	}
	gotPairs := map[string]string{}
	for _, r := range exportRows(t, s) {
		if r.DoubleEntryOf != "" {
			gotPairs[r.ID] = r.DoubleEntryOf
		}
	}
	if fmt.Sprint(gotPairs) != fmt.Sprint(wantPairs) {
		t.Errorf("store's double entries (%d) differ from the hub's (%d):\n%v\n%v", len(gotPairs), len(wantPairs), gotPairs, wantPairs)
	}
	r, err := s.Report(ctx, paris)
	if err != nil {
		t.Fatal(err)
	}
	if r.Totals.DoubleEntries != len(want) {
		t.Errorf("report counts %d double entries, the hub %d", r.Totals.DoubleEntries, len(want))
	}
}
