package app

import (
	"context"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/kiosk/printing"
)

// walkInTokenWait is how long a walk-in's badge waits for the token the hub
// signs, when the hub is connected: it usually answers within milliseconds.
const walkInTokenWait = 3 * time.Second

// badgePrinter is the desk's badge printing: through CUPS (CUPS_SERVER, if
// set, names the scheduler), logged in the kiosk's store, on the printer
// chosen in the settings.
func badgePrinter(ctx context.Context, k *boot.Kiosk, eventName string, sync *syncer) *printing.Badges {
	b := printing.NewBadges(k.Store, printing.CUPS{}, badgeEvent(ctx, k, eventName), setting(ctx, k, kiosk.SettingPrinter))
	b.Save = func(name string) error {
		return k.Store.SetSettings(context.Background(), map[string]string{kiosk.SettingPrinter: name})
	}
	b.TokenWait = func() time.Duration {
		if c := sync.current(); c != nil && c.Status().Connected {
			return walkInTokenWait
		}
		return 0
	}
	return b
}

// badgeEvent is what a desk's badges say of the event, as `hub badges`
// prints it: the name, the dates from the checkpoints the kiosk holds and,
// for the demo event, its English name and venue.
func badgeEvent(ctx context.Context, k *boot.Kiosk, name string) badgepdf.Event {
	ev := badgepdf.Event{Name: name}
	if id, _ := k.Store.Setting(ctx, kiosk.SettingEvent); id != "" {
		if demo, err := assets.DemoEvent(); err == nil && demo.ID == id {
			ev.NameEN, ev.Venue = demo.NameEN, demo.Venue
		}
	}
	if cps, err := k.Store.Checkpoints(ctx); err == nil {
		badgepdf.EventDates(&ev, cps, k.Location())
	}
	return ev
}
