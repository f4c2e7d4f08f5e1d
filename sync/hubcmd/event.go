package hubcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/kiosk/roster"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// initEvent sets up a new event, with a badge key of its own, in an empty
// data folder.
func (m *Main) initEvent(ctx context.Context, args []string) error {
	c := m.command("init", "-data DIR -event ID -name NAME [-time-zone Europe/Paris]")
	data := c.dataFlag()
	id := c.String("event", "", "the event's short `id`, printed in every badge (letters, digits, '.', '_', '-')")
	name := c.String("name", "", "the event's `name`, shown to people")
	tz := c.String("time-zone", "Europe/Paris", "IANA time `zone` of the venue; checkpoint times without an offset are read in it")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if err := checkEventID(*id); err != nil {
		return usageError{fmt.Errorf("init: -event: %w", err)}
	}
	if strings.TrimSpace(*name) == "" {
		return usageError{errors.New("init: -name NAME is required")}
	}
	if _, err := time.LoadLocation(*tz); err != nil || *tz == "" || *tz == "Local" {
		return usageError{fmt.Errorf("init: -time-zone %q is not an IANA time zone (such as Europe/Paris)", *tz)}
	}
	st, err := hubstore.Open(*data)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	defer st.Close()
	switch old, err := st.Event(ctx); {
	case err == nil && old.ID == *id:
		return fmt.Errorf("init: %s already holds event %q: nothing changed (a new badge key would void the badges already printed)", *data, old.ID)
	case err == nil:
		return fmt.Errorf("init: %s holds event %q: use another -data folder for %q", *data, old.ID, *id)
	case !errors.Is(err, hubstore.ErrNoEvent):
		return fmt.Errorf("init: %w", err)
	}
	key, err := kiosk.GenerateKey()
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if _, err := st.SaveCheckpoints(ctx, nil); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	ev := hubstore.Event{ID: *id, Name: strings.TrimSpace(*name), TimeZone: *tz, PrivateKey: key, PublicKeys: []kiosk.PublicKey{key.Public()}}
	if err := st.SetEvent(ctx, ev); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	d := shellQuote(*data)
	fmt.Fprintf(m.Stdout, "event %s (%s) set up in %s\n", ev.ID, ev.Name, *data)
	fmt.Fprintf(m.Stderr, "Keep a backup of %s: it holds the key that signs the badges.\nNext: hub roster import -data %s FILE.csv; hub checkpoints import -data %s FILE.csv; hub serve -data %s\n", *data, d, d, d)
	return nil
}

// checkEventID accepts ids that fit a badge with the longest attendee id.
func checkEventID(id string) error {
	if id == "" {
		return errors.New("an event id is required")
	}
	for _, r := range id {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '_' || r == '-') {
			return fmt.Errorf("%q: only letters, digits, '.', '_' and '-' are allowed", id)
		}
	}
	if longest := maxEventIDLength(); len(id) > longest {
		return fmt.Errorf("%q is too long: %d characters, at most %d (the id goes into every badge's QR code); choose a shorter one, such as faic2026",
			id, len(id), longest)
	}
	return nil
}

// maxEventIDLength is the longest event id whose badges, with the longest
// attendee id, still fit the QR code: found by signing, so that it follows
// the token's format.
var maxEventIDLength = sync.OnceValue(func() int {
	key, err := kiosk.GenerateKey()
	if err != nil {
		return 0
	}
	fits := func(n int) bool {
		_, err := key.Sign(kiosk.Token{Event: strings.Repeat("e", n), AttendeeID: strings.Repeat("x", kiosk.MaxIDLength), Issue: 1})
		return err == nil
	}
	lo, hi := 0, 255 // fits(lo); the answer is below hi
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
})

// Kiosks hub demo enrolls on every run.
const (
	demoEntrance  = "demo-entrance"
	demoOrganiser = "demo-organiser"
)

// demo sets up the embedded demo event in an empty folder, then serves it,
// printing fresh enrollment codes on every run.
func (m *Main) demo(ctx context.Context, args []string) error {
	c := m.command("demo", serveSynopsis)
	var o serveOptions
	o.register(c)
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if err := o.check(c); err != nil {
		return err
	}
	if err := os.MkdirAll(o.data, 0o700); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	lock, err := hubstore.LockServe(o.data)
	if err != nil {
		return err
	}
	defer lock.Close()
	st, err := hubstore.Open(o.data)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer st.Close()
	ev, err := m.setUpDemo(ctx, st, o.data)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return m.runServer(ctx, st, ev, o, func(info serveInfo) error {
		return m.printDemo(ctx, st, o.data, info)
	})
}

// setUpDemo installs the demo event, roster and checkpoints, moved so that
// the event's first day is today, unless the folder already holds it.
func (m *Main) setUpDemo(ctx context.Context, st *hubstore.Store, dir string) (hubstore.Event, error) {
	demo, err := assets.DemoEvent()
	if err != nil {
		return hubstore.Event{}, err
	}
	switch ev, err := st.Event(ctx); {
	case err == nil && ev.ID == demo.ID:
		return ev, nil
	case err == nil:
		return hubstore.Event{}, fmt.Errorf("%s holds event %q, not the demo: serve it with 'hub serve -data %s', or give 'hub demo' another folder", dir, ev.ID, shellQuote(dir))
	case !errors.Is(err, hubstore.ErrNoEvent):
		return hubstore.Event{}, err
	}
	ev := hubstore.Event{ID: demo.ID, Name: demo.Name, TimeZone: demo.TimeZone}
	if ev.PrivateKey, err = kiosk.ParsePrivateKey(demo.PrivateKey); err != nil {
		return hubstore.Event{}, fmt.Errorf("demo event key: %w", err)
	}
	for _, s := range demo.PublicKeys {
		k, err := kiosk.ParsePublicKey(s)
		if err != nil {
			return hubstore.Event{}, fmt.Errorf("demo event key: %w", err)
		}
		ev.PublicKeys = append(ev.PublicKeys, k)
	}
	loc, err := demo.Location()
	if err != nil {
		return hubstore.Event{}, err
	}
	cps, err := roster.ReadCheckpoints(strings.NewReader(string(assets.DemoCheckpointsCSV())), loc)
	if err != nil {
		return hubstore.Event{}, fmt.Errorf("demo checkpoints: %w", err)
	}
	if len(cps.Problems) > 0 {
		return hubstore.Event{}, fmt.Errorf("demo checkpoints: %s", cps.Problems[0])
	}
	shift := demo.DemoShift(loc, time.Now())
	for i := range cps.Checkpoints {
		c := &cps.Checkpoints[i]
		if !c.StartsAt.IsZero() {
			c.StartsAt = c.StartsAt.AddDate(0, 0, shift)
		}
		if !c.EndsAt.IsZero() {
			c.EndsAt = c.EndsAt.AddDate(0, 0, shift)
		}
	}
	people, err := roster.ReadAttendees(strings.NewReader(string(assets.DemoRosterCSV())), nil)
	if err != nil {
		return hubstore.Event{}, fmt.Errorf("demo roster: %w", err)
	}
	if len(people.Problems) > 0 {
		return hubstore.Event{}, fmt.Errorf("demo roster: %s", people.Problems[0])
	}
	if _, err := st.SaveCheckpoints(ctx, cps.Checkpoints); err != nil {
		return hubstore.Event{}, err
	}
	if _, err := st.ImportAttendees(ctx, people.Attendees, progressBar(m.Stderr, "importing demo roster")); err != nil {
		return hubstore.Event{}, err
	}
	if err := st.SetOrganiser(ctx, demo.Organiser); err != nil {
		return hubstore.Event{}, err
	}
	// The event goes in last: a set-up cut short is done again next time.
	if err := st.SetEvent(ctx, ev); err != nil {
		return hubstore.Event{}, err
	}
	fmt.Fprintf(m.Stderr, "demo event %q set up in %s: %d attendees, %d checkpoints, moved %d days so that it starts today\n",
		ev.ID, dir, len(people.Attendees), len(cps.Checkpoints), shift)
	return ev, nil
}

// demoStaffPIN is the demo's staff PIN, set once unless another was chosen.
const demoStaffPIN = "2468"

// printDemo enrolls the demo's two kiosks afresh and says what to do next:
// codes and token on stdout, instructions on stderr.
func (m *Main) printDemo(ctx context.Context, st *hubstore.Store, dir string, info serveInfo) error {
	codes := make(map[string]string)
	for _, k := range []struct{ name, role string }{{demoEntrance, protocol.RoleSelf}, {demoOrganiser, protocol.RoleOrganiser}} {
		token, err := enroll.NewToken()
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		code, err := info.code(token)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if err := st.AddEnrollment(ctx, k.name, k.role, enroll.HashToken(token)); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		codes[k.name] = code
	}
	token, err := st.DashboardToken(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	// The demo's kiosks take the hub's staff PIN, as a venue's do; one
	// chosen with 'hub pin set' stays.
	if hash, _, err := st.StaffPIN(ctx); err != nil {
		return fmt.Errorf("demo: %w", err)
	} else if hash == "" {
		if hash, err = pin.Hash(demoStaffPIN); err == nil {
			err = st.SetStaffPIN(ctx, hash)
		}
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		fmt.Fprintf(m.Stdout, "staff PIN: %s\n", demoStaffPIN)
	}
	fmt.Fprintf(m.Stdout, "%s code: %s\n%s code: %s\ndashboard token: %s\n",
		demoEntrance, codes[demoEntrance], demoOrganiser, codes[demoOrganiser], token)

	kioskDir := filepath.Clean(dir) + "-kiosk"
	var b strings.Builder
	fmt.Fprintf(&b, "\nThe demo hub is starting. Next:\n")
	fmt.Fprintf(&b, "  counts (JSON):  curl -H 'Authorization: Bearer %s' %s\n", token, info.url("/api/v1/counts"))
	fmt.Fprintf(&b, "  entrance kiosk: kiosk -headless -data %s -enroll %s\n", shellQuote(kioskDir), codes[demoEntrance])
	fmt.Fprintf(&b, "  more kiosks:    hub kiosk add -data %s NAME\n", shellQuote(dir))
	fmt.Fprintf(&b, "Each code works once, within %d hours; run 'hub demo' again for fresh ones. Ctrl-C stops the hub.\n\n", int(hubstore.EnrollmentTTL.Hours()))
	fmt.Fprint(m.Stderr, b.String())
	return nil
}
