package hubcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/kiosk/roster"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

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
		cps.Checkpoints[i].ShiftDays(shift)
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
