package assets_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/roster"
)

func TestDemoEvent(t *testing.T) {
	ev, err := assets.DemoEvent()
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "faic2016" || !ev.Demo || len(ev.Days) != 2 {
		t.Errorf("event = %+v, want id faic2016, demo, two days", ev)
	}
	priv, err := kiosk.ParsePrivateKey(ev.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.PublicKeys) != 1 {
		t.Fatalf("%d public keys, want 1", len(ev.PublicKeys))
	}
	pub, err := kiosk.ParsePublicKey(ev.PublicKeys[0])
	if err != nil {
		t.Fatal(err)
	}
	if priv.Public().String() != pub.String() {
		t.Errorf("public key %s does not match the private key (%s)", pub, priv.Public())
	}

	loc, err := ev.Location()
	if err != nil {
		t.Fatal(err)
	}
	// 4 July 2016 was summer time in Paris: UTC+2.
	if _, off := time.Date(2016, 7, 4, 9, 30, 0, 0, loc).Zone(); off != 2*3600 {
		t.Errorf("offset in %s on 4 July 2016 = %ds, want 7200", loc, off)
	}
}

func TestLocationErrors(t *testing.T) {
	for _, tz := range []string{"", "Europe/Atlantis"} {
		if _, err := (assets.Event{ID: "x", TimeZone: tz}).Location(); err == nil {
			t.Errorf("Location(%q): no error", tz)
		}
	}
}

// readCSV parses an embedded file with the standard library only: the
// product's roster parser is tested on its own, and must not be what proves
// the demo right.
func readCSV(t *testing.T, name string, b []byte) (header []string, rows []map[string]string) {
	t.Helper()
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Errorf("%s starts with a BOM", name)
	}
	if !utf8.Valid(b) {
		t.Fatalf("%s is not UTF-8", name)
	}
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(records) < 2 {
		t.Fatalf("%s: %d records", name, len(records))
	}
	header = records[0]
	for _, rec := range records[1:] {
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return header, rows
}

func TestDemoRoster(t *testing.T) {
	header, rows := readCSV(t, "roster.csv", assets.DemoRosterCSV())
	want := []string{"id", "first_name", "last_name", "organisation", "category", "country", "language", "email", "code", "note", "votes", "proxy_for"}
	if !slices.Equal(header, want) {
		t.Fatalf("header = %q, want %q", header, want)
	}
	if n := len(rows); n < 1400 || n > 1600 {
		t.Errorf("%d attendees, want 1,400 to 1,600", n)
	}

	ids := map[string]bool{}
	codes := map[string]bool{}
	categories := map[kiosk.Category]int{}
	var notes, mederic int
	codeForm := regexp.MustCompile(`^[A-Z0-9]+-[A-Z0-9]+$`)
	emailForm := regexp.MustCompile(`^[a-z0-9.-]+@([a-z0-9-]+\.)*example\.(org|com|net)$`)
	longestID := ""
	for i, r := range rows {
		line := i + 2
		a := kiosk.Attendee{ID: r["id"], FirstName: r["first_name"], LastName: r["last_name"], Code: r["code"], Note: r["note"]}
		if err := a.Validate(); err != nil {
			t.Errorf("line %d: %v", line, err)
		}
		if len(a.ID) > 8 {
			t.Errorf("line %d: id %q longer than 8", line, a.ID)
		}
		if ids[a.ID] {
			t.Errorf("line %d: duplicate id %q", line, a.ID)
		}
		ids[a.ID] = true
		if len(a.ID) > len(longestID) {
			longestID = a.ID
		}
		cat, err := kiosk.ParseCategory(r["category"])
		if err != nil {
			t.Errorf("line %d: %v", line, err)
		}
		categories[cat]++
		if _, err := kiosk.ParseLanguage(r["language"]); err != nil {
			t.Errorf("line %d: %v", line, err)
		}
		if e := r["email"]; e != "" && !emailForm.MatchString(e) {
			t.Errorf("line %d: email %q is not on an example domain", line, e)
		}
		if c := a.Code; c != "" {
			if !codeForm.MatchString(c) || codes[c] {
				t.Errorf("line %d: code %q malformed or duplicate", line, c)
			}
			codes[c] = true
		}
		if a.Note != "" {
			notes++
		}
		if a.FirstName == "Médéric" {
			mederic++
		}
	}
	for _, c := range kiosk.Categories {
		if categories[c] == 0 {
			t.Errorf("no attendee of category %s", c)
		}
	}
	if len(codes) == 0 || notes == 0 || mederic == 0 {
		t.Errorf("%d codes, %d notes, %d Médéric: want some of each", len(codes), notes, mederic)
	}
	t.Logf("%d attendees %v, %d codes, %d notes", len(rows), categories, len(codes), notes)

	// The longest id must still give a token that fits a version-7 QR code.
	ev, err := assets.DemoEvent()
	if err != nil {
		t.Fatal(err)
	}
	priv, err := kiosk.ParsePrivateKey(ev.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := priv.Sign(kiosk.Token{Event: ev.ID, AttendeeID: longestID, Issue: 9})
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) > kiosk.TokenMaxBytes {
		t.Errorf("token for %s is %d bytes, max %d", longestID, len(tok), kiosk.TokenMaxBytes)
	}
}

func TestDemoCheckpoints(t *testing.T) {
	header, rows := readCSV(t, "checkpoints.csv", assets.DemoCheckpointsCSV())
	want := []string{"id", "name", "name_en", "kind", "room", "starts_at", "ends_at", "capacity", "categories", "quorum", "speakers"}
	if !slices.Equal(header, want) {
		t.Fatalf("header = %q, want %q", header, want)
	}
	// 1 entrance + 10 plenary and themed + 15 country focus + press + AG.
	if len(rows) != 28 {
		t.Errorf("%d checkpoints, want 28", len(rows))
	}
	ev, err := assets.DemoEvent()
	if err != nil {
		t.Fatal(err)
	}
	loc, err := ev.Location()
	if err != nil {
		t.Fatal(err)
	}
	parse := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Errorf("time %q: %v", s, err)
		}
		return tm
	}

	ids := map[string]bool{}
	kinds := map[string]int{}
	prefixes := map[string]int{}
	for _, r := range rows {
		c := kiosk.Checkpoint{
			ID: r["id"], Name: r["name"], NameEN: r["name_en"], Kind: kiosk.CheckpointKind(r["kind"]),
			StartsAt: parse(r["starts_at"]), EndsAt: parse(r["ends_at"]),
		}
		for _, f := range strings.Fields(r["categories"]) {
			cat, err := kiosk.ParseCategory(f)
			if err != nil {
				t.Errorf("%s: %v", c.ID, err)
			}
			c.Categories = append(c.Categories, cat)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", c.ID, err)
		}
		if ids[c.ID] {
			t.Errorf("duplicate checkpoint %s", c.ID)
		}
		ids[c.ID] = true
		kinds[r["kind"]]++
		prefix, _, _ := strings.Cut(c.ID, "-")
		prefixes[prefix]++
		if c.NameEN == "" {
			t.Errorf("%s: no English name", c.ID)
		}
		if !c.StartsAt.IsZero() && !slices.Contains(ev.Days, c.StartsAt.Format("2006-01-02")) {
			t.Errorf("%s starts %s, outside the event's days", c.ID, c.StartsAt)
		}
		switch c.ID {
		case kiosk.EntranceID:
			if c.Kind != kiosk.KindEntrance || !c.StartsAt.IsZero() || r["capacity"] != "" {
				t.Errorf("entrance = %q, want an entrance with no window or capacity", r)
			}
		case "ag-cuf":
			// Members only: French local authorities, not delegations, press or companies.
			if c.Admits(kiosk.CategoryDelegation) || c.Admits(kiosk.CategoryPress) || c.Admits(kiosk.CategoryPartner) || !c.Admits(kiosk.CategoryVisitor) {
				t.Errorf("ag-cuf admits %v", c.Categories)
			}
		}
	}
	if kinds["entrance"] != 1 || prefixes["focus"] != 15 || prefixes["plen"]+prefixes["theme"] != 10 || !ids["press-1"] || !ids["ag-cuf"] {
		t.Errorf("kinds %v, id prefixes %v: want 1 entrance, 10 plenary and themed, 15 focus, press-1, ag-cuf", kinds, prefixes)
	}
}

// TestDemoMeeting checks that the demo shows the General Meeting: members
// with votes, some proxies, a quorum at its door and speakers at the
// plenaries, all of them readable by the roster's own rules.
func TestDemoMeeting(t *testing.T) {
	people, err := roster.ReadAttendees(bytes.NewReader(assets.DemoRosterCSV()), nil)
	if err != nil || len(people.Problems) > 0 {
		t.Fatalf("demo roster: %v %v", err, people.Problems)
	}
	var members, votes, proxies int
	for _, a := range people.Attendees {
		if a.Votes > 0 {
			members++
			votes += a.Votes
		}
		proxies += len(a.Proxies())
	}
	if members < 50 || proxies < 10 {
		t.Errorf("%d members with %d votes and %d proxies: too few to show a meeting", members, votes, proxies)
	}
	cps, err := roster.ReadCheckpointsFor(bytes.NewReader(assets.DemoCheckpointsCSV()), time.UTC, func(id string) bool {
		return slices.ContainsFunc(people.Attendees, func(a kiosk.Attendee) bool { return a.ID == id })
	})
	if err != nil || len(cps.Problems) > 0 {
		t.Fatalf("demo checkpoints: %v %v", err, cps.Problems)
	}
	for _, c := range cps.Checkpoints {
		switch c.ID {
		case "ag-cuf":
			if !c.Meeting() {
				t.Errorf("the General Meeting has no quorum: %+v", c)
			}
		case "plen-open", "plen-close":
			if len(c.Speakers) == 0 {
				t.Errorf("%s has no speakers", c.ID)
			}
		}
	}
}

func TestDemoShift(t *testing.T) {
	ev, _ := assets.DemoEvent()
	loc, _ := ev.Location()
	tests := []struct {
		name string
		now  time.Time
		want int
	}{
		{"the first day", time.Date(2016, 7, 4, 8, 0, 0, 0, loc), 0},
		{"late on the second day", time.Date(2016, 7, 5, 23, 30, 0, 0, loc), 1},
		{"already 1 January in Paris", time.Date(2016, 12, 31, 23, 30, 0, 0, time.UTC), 181},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ev.DemoShift(loc, tt.now); got != tt.want {
				t.Errorf("DemoShift(%s) = %d, want %d", tt.now, got, tt.want)
			}
		})
	}
	if got := (assets.Event{}).DemoShift(loc, time.Now()); got != 0 {
		t.Errorf("an event with no days moves by %d days", got)
	}
}
