package hubcmd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
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
