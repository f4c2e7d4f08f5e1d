package kiosk

import "time"

// ClockTolerance is how far a kiosk's clock may be from the hub's before
// staff and organisers are warned. Scan times are the kiosk's own: they
// decide a day's first arrival and a double entry, so a clock further off
// misleads the organisers' figures. The hub applies it for dashboards
// (protocol.KioskStatus.ClockWrong), the kiosk for its status strip.
const ClockTolerance = 2 * time.Minute

// ClockWrong reports whether a clock offset (the hub's time minus the
// kiosk's) is past ClockTolerance, either way.
func ClockWrong(offset time.Duration) bool {
	return offset > ClockTolerance || offset < -ClockTolerance
}
