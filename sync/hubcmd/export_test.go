package hubcmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// exportHub is a hub (event test26, Europe/Paris) with two attendees, one
// of them named with 300 characters, a session, and five scans.
func exportHub(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "hub")
	if code, _, stderr := run("init", "-data", dir, "-event", "test26", "-name", "Forum 2026"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "A1", FirstName: "Hélène", LastName: "Lefèvre-Çağlar", Organisation: "Cités Unies France", Category: kiosk.CategoryDelegation},
		{ID: "A2", FirstName: "Ñandú", LastName: longName, Category: kiosk.CategorySpeaker},
	}, nil); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	if _, err := st.SaveCheckpoints(ctx, []kiosk.Checkpoint{{ID: "plen", Name: "Plénière d'ouverture", NameEN: "Opening plenary",
		Kind: kiosk.KindSession, Room: "Amphithéâtre Havane", StartsAt: start, EndsAt: start.Add(90 * time.Minute), Capacity: 700}}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 26, 8, 30, 11, 400_000_000, time.UTC)
	scan := func(id, cp, att string, v kiosk.Verdict, at time.Time) hubstore.Scan {
		return hubstore.Scan{Scan: kiosk.Scan{ID: id, Checkpoint: cp, Direction: kiosk.In, Verdict: v, AttendeeID: att, At: at}}
	}
	b1 := hubstore.Batch{Kiosk: "door-1", Epoch: "e1", Scans: []hubstore.Scan{
		scan("s1", "entrance", "A1", kiosk.VerdictAccepted, at),
		scan("s3", "entrance", "", kiosk.VerdictUnknownBadge, at.Add(2*time.Minute)),
		scan("s4", "plen", "A1", kiosk.VerdictAccepted, at.Add(time.Hour)),
		scan("s5", "plen", "A2", kiosk.VerdictAccepted, at.Add(time.Hour+time.Minute)),
	}}
	// door-2, offline from door-1, admitted the same badge a minute later.
	b2 := hubstore.Batch{Kiosk: "door-2", Epoch: "e1", Scans: []hubstore.Scan{scan("s2", "entrance", "A1", kiosk.VerdictAccepted, at.Add(time.Minute))}}
	for i := range b1.Scans {
		b1.Scans[i].Seq = int64(i + 1)
	}
	b2.Scans[0].Seq = 1
	if _, err := st.Ingest(ctx, []hubstore.Batch{b1, b2}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// longName is 300 characters, accents included.
var longName = strings.Repeat("Éléonore-", 33) + "Zoé"

// readExport runs hub export and returns the file's rows, header first.
func readExport(t *testing.T, args ...string) ([][]string, []byte) {
	t.Helper()
	code, stdout, stderr := run(append([]string{"export"}, args...)...)
	if code != 0 || !strings.Contains(stdout, "exported ") {
		t.Fatalf("export %v: exit %d: %q %s", args, code, stdout, stderr)
	}
	b, err := os.ReadFile(args[slices.Index(args, "-out")+1])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Errorf("no BOM: %q", b[:min(len(b), 20)])
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("export is no CSV: %v", err)
	}
	return rows, b
}

func TestExportColumns(t *testing.T) {
	dir := exportHub(t)
	out := filepath.Join(t.TempDir(), "scans.csv")
	rows, first := readExport(t, "-data", dir, "-out", out)
	want := []string{"scan_id", "kiosk", "epoch", "seq", "checkpoint", "direction", "verdict", "reason", "attendee_id", "kiosk_time",
		"hub_time", "first_at", "first_kiosk", "double_entry_of", "undoes", "first_name", "last_name", "organisation", "category",
		"checkpoint_name", "kiosk_time_local", "hub_time_local"}
	if !slices.Equal(rows[0], want) {
		t.Fatalf("header %q\nwant   %q", rows[0], want)
	}
	col := func(row []string, name string) string { return row[slices.Index(want, name)] }
	byID := map[string][]string{}
	for _, r := range rows[1:] {
		byID[r[0]] = r
	}
	tests := []struct {
		scan, column, want string
	}{
		{"s1", "first_name", "Hélène"},
		{"s1", "last_name", "Lefèvre-Çağlar"},
		{"s1", "organisation", "Cités Unies France"},
		{"s1", "category", "delegation"},
		{"s1", "checkpoint_name", "Accueil"},
		{"s1", "kiosk_time", "2026-11-26T08:30:11.400Z"},
		// Paris is UTC+1 in November.
		{"s1", "kiosk_time_local", "2026-11-26 09:30:11"},
		{"s2", "double_entry_of", "s1"},
		{"s3", "verdict", "unknown_badge"},
		{"s3", "first_name", ""},
		{"s3", "category", ""},
		{"s4", "checkpoint_name", "Plénière d'ouverture"},
		{"s5", "last_name", longName},
		{"s5", "first_name", "Ñandú"},
	}
	for _, tt := range tests {
		t.Run(tt.scan+" "+tt.column, func(t *testing.T) {
			r := byID[tt.scan]
			if r == nil {
				t.Fatalf("no row for %s", tt.scan)
			}
			if got := col(r, tt.column); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.column, got, tt.want)
			}
		})
	}
	if n := len([]rune(col(byID["s5"], "last_name"))); n != 300 {
		t.Errorf("the long name has %d characters, want 300", n)
	}
	if l := col(byID["s1"], "hub_time_local"); len(l) != len("2006-01-02 15:04:05") {
		t.Errorf("hub_time_local %q", l)
	}

	t.Run("english checkpoint names", func(t *testing.T) {
		rows, _ := readExport(t, "-data", dir, "-out", filepath.Join(t.TempDir(), "en.csv"), "-lang", "en")
		for _, r := range rows[1:] {
			if r[0] == "s4" && col(r, "checkpoint_name") != "Opening plenary" {
				t.Errorf("english name %q", col(r, "checkpoint_name"))
			}
		}
	})
	t.Run("twice the same", func(t *testing.T) {
		_, again := readExport(t, "-data", dir, "-out", out)
		if !bytes.Equal(first, again) {
			t.Errorf("a second export differs from the first")
		}
	})
	t.Run("after purge", func(t *testing.T) {
		for range 2 {
			if code, _, stderr := run("purge", "-data", dir); code != 0 {
				t.Fatalf("purge: %s", stderr)
			}
		}
		rows, _ := readExport(t, "-data", dir, "-out", filepath.Join(t.TempDir(), "purged.csv"))
		if len(rows) != 6 {
			t.Fatalf("%d rows after purge, want 6", len(rows))
		}
		for _, r := range rows[1:] {
			if p := col(r, "first_name") + col(r, "last_name") + col(r, "organisation"); p != "" {
				t.Errorf("%s keeps personal data %q after purge", r[0], p)
			}
		}
		if r := rows[1]; col(r, "attendee_id") != "A1" || col(r, "category") != "delegation" || col(r, "checkpoint_name") != "Accueil" {
			t.Errorf("purge lost what the counts need: %q", r)
		}
	})
}

// Bad input ends with one line and a non-zero exit, and writes nothing.
func TestExportBadInput(t *testing.T) {
	dir := exportHub(t)
	missing := filepath.Join(t.TempDir(), "missing")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"scans to a missing folder", []string{"-out", filepath.Join(missing, "scans.csv")}, 1, "does not exist"},
		{"report to a missing folder", []string{"-report", "-out", filepath.Join(missing, "report.pdf")}, 1, "does not exist"},
		{"csv report to a missing folder", []string{"-report", "-out", filepath.Join(missing, "report.csv")}, 1, "does not exist"},
		{"unknown format", []string{"-report", "-out", "r.csv", "-format", "xlsx"}, 2, `unknown -format "xlsx"`},
		{"unknown extension", []string{"-report", "-out", "r.docx"}, 2, "add -format csv or -format pdf"},
		{"pdf of scans", []string{"-out", "scans.pdf"}, 2, "add -report"},
		{"unknown language", []string{"-report", "-out", "r.pdf", "-lang", "de"}, 2, `unknown -lang "de"`},
		{"no hub", []string{"-data", dir + "-nope", "-out", "x.csv"}, 1, "no event in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"export", "-data", dir}, tt.args...)
			code, stdout, stderr := run(args...)
			if code != tt.code || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "hub: ") ||
				!strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and one line with %q", code, stdout, stderr, tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("the missing folder was made: %v", err)
	}
	for _, f := range []string{"r.csv", "r.pdf", "r.docx", "scans.pdf"} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s was written", f)
		}
	}
}

// BenchmarkExport exports 100,000 scans of 1,500 attendees over two days
// (goal: 3 s for each), as CSV, then the attendance report from the same
// data as CSV and PDF.
//
//	go test -run='^$' -bench=Export -benchtime=1x ./sync/hubcmd
func BenchmarkExport(b *testing.B) {
	dir := benchHub(b, 100_000)
	out := b.TempDir()
	for _, bc := range []struct{ name, args string }{
		{"scans", "-out " + filepath.Join(out, "scans.csv")},
		{"report-csv", "-report -out " + filepath.Join(out, "report.csv")},
		{"report-pdf", "-report -out " + filepath.Join(out, "report.pdf")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				m := &Main{Stdout: io.Discard, Stderr: io.Discard}
				if code := m.Run(context.Background(), append([]string{"export", "-data", dir}, strings.Fields(bc.args)...)); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// benchHub is a demo hub holding n scans of every kind. With
// ACCUEIL_BENCH_HUB=DIR it is made in DIR, or reused from there, so that
// its queries can be studied with the sqlite3 shell.
func benchHub(b testing.TB, n int) string {
	b.Helper()
	ctx := context.Background()
	dir := filepath.Join(b.TempDir(), "hub")
	if d := os.Getenv("ACCUEIL_BENCH_HUB"); d != "" {
		if _, err := os.Stat(filepath.Join(d, hubstore.FileName)); err == nil {
			return d
		}
		dir = d
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	m := &Main{Stdout: io.Discard, Stderr: io.Discard}
	if _, err := m.setUpDemo(ctx, st, dir); err != nil {
		b.Fatal(err)
	}
	if err := fillScans(ctx, st, n, rand.New(rand.NewPCG(7, 26))); err != nil {
		b.Fatal(err)
	}
	return dir
}

// fillScans stores n scans spread over the event's checkpoints and days:
// mostly admissions, some exits, refusals of every kind, double entries
// and undos.
func fillScans(ctx context.Context, st *hubstore.Store, n int, rng *rand.Rand) error {
	cps, err := st.Checkpoints(ctx)
	if err != nil {
		return err
	}
	cats, err := st.RosterIndex(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(cats))
	for id := range cats {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var days []time.Time
	for _, c := range cps {
		if !c.StartsAt.IsZero() {
			d := time.Date(c.StartsAt.Year(), c.StartsAt.Month(), c.StartsAt.Day(), 0, 0, 0, 0, c.StartsAt.Location())
			if !slices.ContainsFunc(days, d.Equal) {
				days = append(days, d)
			}
		}
	}
	refusals := []kiosk.Verdict{kiosk.VerdictAlreadyCheckedIn, kiosk.VerdictUnknownBadge, kiosk.VerdictRoomFull, kiosk.VerdictNotAllowedHere,
		kiosk.VerdictRevoked, kiosk.VerdictUnreadable}
	seqs := map[string]int64{}
	batches := map[string]*hubstore.Batch{}
	var last []hubstore.Scan
	flush := func() error {
		list := make([]hubstore.Batch, 0, len(batches))
		for _, b := range batches {
			list = append(list, *b)
		}
		clear(batches)
		_, err := st.Ingest(ctx, list)
		return err
	}
	for i := range n {
		c := cps[0]
		if rng.IntN(10) >= 4 {
			c = cps[1+rng.IntN(len(cps)-1)]
		}
		var at time.Time
		k := fmt.Sprintf("door-%d", 1+rng.IntN(4))
		if c.StartsAt.IsZero() {
			at = days[rng.IntN(len(days))].Add(8*time.Hour + time.Duration(rng.Int64N(int64(10*time.Hour))))
		} else {
			k = "door-" + c.ID
			at = c.StartsAt.Add(-15*time.Minute + time.Duration(rng.Int64N(int64(c.EndsAt.Sub(c.StartsAt)+30*time.Minute))))
		}
		s := hubstore.Scan{Scan: kiosk.Scan{ID: fmt.Sprintf("scan-%07d", i), Checkpoint: c.ID, Direction: kiosk.In,
			Verdict: kiosk.VerdictAccepted, AttendeeID: ids[rng.IntN(len(ids))], At: at}}
		switch r := rng.IntN(100); {
		case r < 12:
			s.Direction = kiosk.Out
		case r < 22:
			s.Verdict = refusals[rng.IntN(len(refusals))]
			if s.Verdict == kiosk.VerdictNotAllowedHere {
				s.Reason = kiosk.ReasonCategory
			}
			if s.Verdict == kiosk.VerdictUnknownBadge || s.Verdict == kiosk.VerdictUnreadable {
				s.AttendeeID = ""
			}
		case r < 23 && len(last) > 0:
			u := last[rng.IntN(len(last))]
			k, s.Checkpoint, s.AttendeeID, s.Direction, s.Reason, s.Undoes, s.At = u.Kiosk, u.Checkpoint, u.AttendeeID, kiosk.Out, kiosk.ReasonUndo, u.ID, u.At.Add(time.Minute)
		}
		seqs[k]++
		s.Seq, s.Kiosk = seqs[k], k
		if s.Verdict == kiosk.VerdictAccepted && s.Direction == kiosk.In && s.Undoes == "" {
			if len(last) == 64 {
				last = last[1:]
			}
			last = append(last, s)
		}
		b := batches[k]
		if b == nil {
			b = &hubstore.Batch{Kiosk: k, Epoch: "e1"}
			batches[k] = b
		}
		b.Scans = append(b.Scans, s)
		if (i+1)%2000 == 0 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
