// Package assets embeds the files both binaries ship: the demo event (its
// settings and badge keys, its roster and its checkpoints), so that `hub demo`
// and a kiosk without a hub can run a realistic event with no file to hand.
//
// The demo files are written by `go run ./assets/demogen` from the
// repository root; edit the generator, not the files.
//
// This package depends on the standard library only, so that anything may
// import it without pulling the domain in.
package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	// The demo event's time zone must load on machines without a zoneinfo
	// database (Windows, minimal containers): embed Go's copy.
	_ "time/tzdata"
)

// The files are named one by one, rather than the whole folder, so that a
// missing file fails the build instead of a call at run time.
//
//go:embed demo/event.json demo/roster.csv demo/checkpoints.csv
var demo embed.FS

// Event is an event's settings as event.json stores them.
type Event struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	Organiser string `json:"organiser"`
	Venue     string `json:"venue"`
	Address   string `json:"address"`
	// TimeZone is an IANA zone name; checkpoint times without an offset are
	// read in it.
	TimeZone string `json:"time_zone"`
	// Days are the event's dates, "2016-07-04".
	Days []string `json:"days"`
	// PublicKeys verify badge tokens (kiosk.ParsePublicKey form).
	PublicKeys []string `json:"public_keys"`
	// PrivateKey signs badge tokens (kiosk.ParsePrivateKey form). The demo
	// ships it on purpose: a demo must print badges anywhere, and its
	// badges admit no one to a real event.
	PrivateKey string `json:"private_key"`
	// Demo marks an event whose private key is public knowledge.
	Demo bool `json:"demo"`
}

// DemoEvent returns the embedded demo event.
func DemoEvent() (Event, error) {
	b := mustRead("demo/event.json")
	var e Event
	if err := json.Unmarshal(b, &e); err != nil {
		return Event{}, fmt.Errorf("demo event: parse event.json: %w", err)
	}
	if e.ID == "" || e.TimeZone == "" || len(e.PublicKeys) == 0 || e.PrivateKey == "" {
		return Event{}, fmt.Errorf("demo event: event.json lacks id, time_zone or keys")
	}
	return e, nil
}

// DemoRosterCSV returns the demo roster, in the contract's Roster CSV form.
func DemoRosterCSV() []byte { return mustRead("demo/roster.csv") }

// DemoCheckpointsCSV returns the demo checkpoints, in the contract's
// Checkpoints CSV form.
func DemoCheckpointsCSV() []byte { return mustRead("demo/checkpoints.csv") }

// Location is the event's time zone.
func (e Event) Location() (*time.Location, error) {
	if strings.TrimSpace(e.TimeZone) == "" {
		return nil, fmt.Errorf("event %q: no time zone set", e.ID)
	}
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("event %q: unknown time zone %q: %w", e.ID, e.TimeZone, err)
	}
	return loc, nil
}

// DemoShift is the number of days that moves the event's first day to
// today in the event's time zone, so that a demo shows open sessions. It
// lives here, beside the demo it moves, because both binaries install the
// demo and the hub must not link the kiosk's start-up to do it.
func (e Event) DemoShift(loc *time.Location, now time.Time) int {
	if len(e.Days) == 0 {
		return 0
	}
	first, err := time.ParseInLocation("2006-01-02", e.Days[0], loc)
	if err != nil {
		return 0
	}
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	return int(today.Sub(first).Hours()/24 + 0.5)
}

// mustRead reads an embedded file. The go:embed line makes every name present
// at build time, so a failure here cannot come from input.
func mustRead(name string) []byte {
	b, err := demo.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("assets: embedded %s missing: %v", name, err))
	}
	return b
}
