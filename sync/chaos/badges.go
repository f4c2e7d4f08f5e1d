package chaos

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/roster"
)

// badges are the demo event's signed badge payloads, made the way
// `hub qr` makes them (the demo's key is embedded).
type badges struct {
	payloads []string
}

func demoBadges() (*badges, error) {
	ev, err := assets.DemoEvent()
	if err != nil {
		return nil, fmt.Errorf("demo event: %w", err)
	}
	key, err := kiosk.ParsePrivateKey(ev.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("demo event key: %w", err)
	}
	parsed, err := roster.ReadAttendees(strings.NewReader(string(assets.DemoRosterCSV())), nil)
	if err != nil {
		return nil, fmt.Errorf("demo roster: %w", err)
	}
	b := &badges{}
	for _, a := range parsed.Attendees {
		tok, err := key.Sign(kiosk.Token{Event: ev.ID, AttendeeID: a.ID, Issue: 1})
		if err != nil {
			return nil, fmt.Errorf("sign badge %s: %w", a.ID, err)
		}
		b.payloads = append(b.payloads, tok)
	}
	if len(b.payloads) == 0 {
		return nil, fmt.Errorf("demo roster is empty")
	}
	return b, nil
}

// next is what a visitor shows: mostly a real badge (people come back, so
// refusals and double entries happen), sometimes a stranger's code.
func (b *badges) next(r *rand.Rand) string {
	if r.IntN(100) < 3 {
		return fmt.Sprintf("WZ-NOBODY-%d", r.IntN(50))
	}
	return b.payloads[r.IntN(len(b.payloads))]
}
