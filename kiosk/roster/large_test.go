package roster

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/accueil/accueil/kiosk"
)

// infinite is an endless stream of one byte.
type infinite struct{ b byte }

func (r infinite) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.b
	}
	return len(p), nil
}

// genRoster writes n attendees the way a registration platform would.
func genRoster(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 110)
	b.WriteString(fullHeader)
	cats := []string{"", "speaker", "press", "delegation", "partner", "staff", "visitor"}
	for i := range n {
		note := ""
		if i%50 == 0 {
			note = `"head of delegation: call protocol, ""VIP"""`
		}
		fmt.Fprintf(&b, "A%06d,Frédérique%d,Lefèvre-Dupont,Université de Bordeaux,%s,FR,%s,user%d@example.org,EXT%d,%s\n",
			i, i, cats[i%len(cats)], []string{"fr", "en", ""}[i%3], i, i, note)
	}
	return b.Bytes()
}

func TestReadAttendees100k(t *testing.T) {
	const n = 100_000
	data := genRoster(n)
	var calls []int
	got, err := ReadAttendees(bytes.NewReader(data), func(rows int) { calls = append(calls, rows) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Attendees) != n || len(got.Problems) != 0 {
		t.Fatalf("%d attendees, problems %q", len(got.Attendees), got.Problems[:min(3, len(got.Problems))])
	}
	a := got.Attendees[50_000]
	want := kiosk.Attendee{ID: "A050000", FirstName: "Frédérique50000", LastName: "Lefèvre-Dupont", Organisation: "Université de Bordeaux",
		Category: kiosk.CategoryVisitor, Country: "FR", Language: kiosk.French, Email: "user50000@example.org", Code: "EXT50000",
		Note: `head of delegation: call protocol, "VIP"`}
	if a != want {
		t.Errorf("row 50,000 = %+v, want %+v", a, want)
	}
	if len(calls) != n/1000 || calls[len(calls)-1] != n {
		t.Errorf("progress called %d times, last with %d", len(calls), calls[len(calls)-1])
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		rows int
		want []int
	}{
		{0, []int{0}},
		{999, []int{999}},
		{1000, []int{1000}},
		{2500, []int{1000, 2000, 2500}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.rows), func(t *testing.T) {
			var calls []int
			if _, err := ReadAttendees(bytes.NewReader(genRoster(tc.rows)), func(rows int) { calls = append(calls, rows) }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(calls, tc.want) {
				t.Errorf("progress calls = %v, want %v", calls, tc.want)
			}
		})
	}
}

func BenchmarkReadAttendees100k(b *testing.B) {
	data := genRoster(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		got, err := ReadAttendees(bytes.NewReader(data), nil)
		if err != nil || len(got.Attendees) != 100_000 {
			b.Fatal(err, len(got.Attendees))
		}
	}
}

func FuzzReadAttendees(f *testing.F) {
	for _, tc := range attendeeCases(f) {
		if len(tc.input) < 10_000 {
			f.Add([]byte(tc.input))
		}
	}
	f.Add(genRoster(20))
	for _, s := range meetingSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadAttendees(bytes.NewReader(data), func(int) {})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
			return
		}
		checkMeetingRules(t, got)
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
		ids := map[string]bool{}
		codes := map[string]bool{}
		for _, a := range got.Attendees {
			if err := a.Validate(); err != nil {
				t.Errorf("attendee %+v: %v", a, err)
			}
			if ids[a.ID] {
				t.Errorf("id %q twice", a.ID)
			}
			ids[a.ID] = true
			if a.Code != "" && codes[a.Code] {
				t.Errorf("code %q twice", a.Code)
			}
			codes[a.Code] = true
			for _, s := range []string{a.ID, a.FirstName, a.LastName, a.Organisation, a.Country, a.Email, a.Code, a.Note} {
				if !utf8.ValidString(s) || len(s) > MaxCellBytes || s != strings.TrimSpace(s) {
					t.Errorf("cell %q not clean", s)
				}
			}
		}
		for _, p := range got.Problems {
			if p.Line < 2 || p.Line > lines {
				t.Errorf("problem %q outside lines 2..%d", p, lines)
			}
		}
	})
}
