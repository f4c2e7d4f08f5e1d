// Package boot prepares a kiosk's data folder for work: it opens the store,
// gives the kiosk its name and epoch on first start, installs the event it
// checks people in for (the embedded demo event until a hub enrols it) and
// imports a roster file when one is given.
package boot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"strings"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/roster"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// Options say what to prepare.
type Options struct {
	Dir string
	// Name names a new kiosk; empty picks "kiosk-" and four random hex digits.
	Name string
	// RosterFile, if set, is imported (added or updated by id).
	RosterFile string
	// SkipBad imports the good rows of a roster that has bad ones.
	SkipBad bool
	// Enroll, if set, is a one-time code from 'hub kiosk add': the kiosk
	// joins that hub with Enroller and takes its event, name and badge keys.
	Enroll   string
	Enroller Enroller
	// Progress, if set, is told how far a roster import has got.
	Progress func(done, total int)
	// Now is the clock; nil means time.Now. The demo event is moved to the
	// week of this date so that its sessions are open when it is shown.
	Now func() time.Time
	Log *slog.Logger
}

// Enrollment is what joining a hub gives a kiosk.
type Enrollment struct {
	Hub, Kiosk, Role, Event, EventName, TimeZone string
	PublicKeys                                   []string
	// Settings are what the sync client keeps to reach the hub again
	// (address, credential, certificate fingerprint, staff PIN...),
	// stored as they are.
	Settings map[string]string
}

// Enroller spends a one-time enrollment code at the hub it names. It is
// the sync client's (hubclient.Enroll, wired by the kiosk application):
// boot decides only whether this data folder may take the hub's event.
type Enroller func(ctx context.Context, code string) (Enrollment, error)

// Kiosk is a prepared data folder.
type Kiosk struct {
	Store  *sqlite.Store
	Reader *kiosk.BadgeReader
	Name   string
	Epoch  string
	Event  string
}

// Close closes the store.
func (k *Kiosk) Close() error { return k.Store.Close() }

// Location is the event's time zone, for times shown to people; the
// machine's when the event names none.
func (k *Kiosk) Location() *time.Location {
	name, err := k.Store.Setting(context.Background(), kiosk.SettingTimeZone)
	if err != nil {
		return time.Local
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.Local
	}
	return loc
}

// Open opens and, on first start, initialises the data folder.
func Open(ctx context.Context, o Options) (*Kiosk, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	st, err := sqlite.Open(o.Dir)
	if err != nil {
		return nil, err
	}
	k, err := prepare(ctx, st, o)
	if err != nil {
		st.Close()
		return nil, err
	}
	return k, nil
}

func prepare(ctx context.Context, st *sqlite.Store, o Options) (*Kiosk, error) {
	k := &Kiosk{Store: st}
	if err := identity(ctx, st, o, k); err != nil {
		return nil, err
	}
	event, err := setting(ctx, st, kiosk.SettingEvent)
	if err != nil {
		return nil, err
	}
	if o.Enroll != "" {
		if k.Name, event, err = Join(ctx, st, o.Enroll, o.Enroller, o.Log); err != nil {
			return nil, err
		}
	}
	if event == "" {
		if err := installDemo(ctx, st, o, o.RosterFile == ""); err != nil {
			return nil, err
		}
	}
	if o.RosterFile != "" {
		if err := importRosterFile(ctx, st, o); err != nil {
			return nil, err
		}
	}
	if k.Reader, k.Event, err = badgeReader(ctx, st); err != nil {
		return nil, err
	}
	return k, nil
}

// Join enrols the kiosk with a hub and returns the name the hub gave it
// and the event. A data folder belongs to one event: a folder that holds
// another event cannot join a hub of a new one.
func Join(ctx context.Context, st *sqlite.Store, code string, enroll Enroller, log *slog.Logger) (string, string, error) {
	if enroll == nil {
		return "", "", errors.New("enroll: this kiosk has no way to reach a hub")
	}
	current, err := setting(ctx, st, kiosk.SettingEvent)
	if err != nil {
		return "", "", err
	}
	r, err := enroll(ctx, code)
	if err != nil {
		return "", "", err
	}
	if current != "" && current != r.Event {
		return "", "", fmt.Errorf("data folder %s belongs to event %q: use a new -data folder to join the hub's event %q", st.Dir(), current, r.Event)
	}
	settings := make(map[string]string, len(r.Settings)+5)
	maps.Copy(settings, r.Settings)
	settings[kiosk.SettingEvent] = r.Event
	settings[kiosk.SettingEventName] = r.EventName
	settings[kiosk.SettingPublicKeys] = strings.Join(r.PublicKeys, " ")
	settings[kiosk.SettingTimeZone] = r.TimeZone
	settings[kiosk.SettingName] = r.Kiosk
	if err := st.SetSettings(ctx, settings); err != nil {
		return "", "", err
	}
	if log != nil {
		log.Info("enrolled", "hub", r.Hub, "kiosk", r.Kiosk, "role", r.Role, "event", r.Event)
	}
	return r.Kiosk, r.Event, nil
}

func setting(ctx context.Context, st *sqlite.Store, key string) (string, error) {
	v, err := st.Setting(ctx, key)
	if errors.Is(err, sqlite.ErrNotFound) {
		return "", nil
	}
	return v, err
}

// identity gives a new kiosk its name and epoch. The epoch is random and
// new for every fresh data folder, so that a wiped kiosk's sequence numbers
// never clash with its earlier life at the hub.
func identity(ctx context.Context, st *sqlite.Store, o Options, k *Kiosk) error {
	var err error
	if k.Name, err = setting(ctx, st, kiosk.SettingName); err != nil {
		return err
	}
	if k.Epoch, err = setting(ctx, st, kiosk.SettingEpoch); err != nil {
		return err
	}
	if k.Name != "" && k.Epoch != "" {
		return nil
	}
	k.Name = strings.TrimSpace(o.Name)
	if k.Name == "" {
		k.Name = "kiosk-" + randomHex(2)
	}
	k.Epoch = randomHex(8)
	return st.SetSettings(ctx, map[string]string{kiosk.SettingName: k.Name, kiosk.SettingEpoch: k.Epoch})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func badgeReader(ctx context.Context, st *sqlite.Store) (*kiosk.BadgeReader, string, error) {
	event, err := setting(ctx, st, kiosk.SettingEvent)
	if err != nil {
		return nil, "", err
	}
	raw, err := setting(ctx, st, kiosk.SettingPublicKeys)
	if err != nil {
		return nil, "", err
	}
	var keys []kiosk.PublicKey
	for _, s := range strings.Fields(raw) {
		k, err := kiosk.ParsePublicKey(s)
		if err != nil {
			return nil, "", fmt.Errorf("stored badge keys: %w", err)
		}
		keys = append(keys, k)
	}
	if event == "" || len(keys) == 0 {
		return nil, "", fmt.Errorf("data folder %s has no event: start it once with -enroll or on the demo event", st.Dir())
	}
	return kiosk.NewBadgeReader(event, keys...), event, nil
}

func importRosterFile(ctx context.Context, st *sqlite.Store, o Options) error {
	f, err := os.Open(o.RosterFile)
	if err != nil {
		return fmt.Errorf("import roster: %w", err)
	}
	defer f.Close()
	parsed, err := roster.ReadAttendees(f, nil)
	if err != nil {
		return fmt.Errorf("import roster %s: %w", o.RosterFile, err)
	}
	for _, w := range parsed.Warnings {
		o.Log.Warn("roster", "file", o.RosterFile, "warning", w)
	}
	if len(parsed.Problems) > 0 && !o.SkipBad {
		return &RosterError{File: o.RosterFile, Problems: parsed.Problems}
	}
	for _, p := range parsed.Problems {
		o.Log.Warn("roster row skipped", "file", o.RosterFile, "line", p.Line, "reason", p.Reason)
	}
	stats, err := st.ImportAttendees(ctx, parsed.Attendees, o.Progress)
	if err != nil {
		return err
	}
	o.Log.Info("roster imported", "file", o.RosterFile, "added", stats.Added, "updated", stats.Updated,
		"skipped", len(parsed.Problems), "encoding", parsed.Encoding)
	return nil
}

// RosterError lists every bad row of a roster that was not imported.
type RosterError struct {
	File     string
	Problems []roster.Problem
}

func (e *RosterError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "roster %s has %d bad rows; nothing was imported (fix them, or use -skip-bad to import the good rows):", e.File, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// installDemo makes the demo event this kiosk's event: its keys, its
// checkpoints moved to this week and, unless a roster file replaces it, its
// roster.
func installDemo(ctx context.Context, st *sqlite.Store, o Options, withRoster bool) error {
	ev, err := assets.DemoEvent()
	if err != nil {
		return err
	}
	loc, err := ev.Location()
	if err != nil {
		return err
	}
	cps, err := roster.ReadCheckpoints(strings.NewReader(string(assets.DemoCheckpointsCSV())), loc)
	if err != nil {
		return fmt.Errorf("demo checkpoints: %w", err)
	}
	if len(cps.Problems) > 0 {
		return fmt.Errorf("demo checkpoints: %s", cps.Problems[0])
	}
	shift := ev.DemoShift(loc, o.Now())
	for i := range cps.Checkpoints {
		cps.Checkpoints[i].ShiftDays(shift)
	}
	if err := st.SaveCheckpoints(ctx, cps.Checkpoints); err != nil {
		return err
	}
	if withRoster {
		parsed, err := roster.ReadAttendees(strings.NewReader(string(assets.DemoRosterCSV())), nil)
		if err != nil {
			return fmt.Errorf("demo roster: %w", err)
		}
		if len(parsed.Problems) > 0 {
			return fmt.Errorf("demo roster: %s", parsed.Problems[0])
		}
		if _, err := st.ImportAttendees(ctx, parsed.Attendees, o.Progress); err != nil {
			return err
		}
	}
	o.Log.Info("demo event installed", "event", ev.ID, "days_moved", shift)
	return st.SetSettings(ctx, map[string]string{
		kiosk.SettingEvent:      ev.ID,
		kiosk.SettingEventName:  ev.Name,
		kiosk.SettingPublicKeys: strings.Join(ev.PublicKeys, " "),
		kiosk.SettingTimeZone:   ev.TimeZone,
	})
}
