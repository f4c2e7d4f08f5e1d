package app

import (
	"os"
	"time"
)

// clockOffsetEnv names a hidden setting, for testing only (make chaos runs
// a kiosk whose clock is 10 minutes off): a Go duration such as 10m or
// -90s added to the clock of the headless kiosk's scans. It is not a flag,
// and no operator should set it: a real kiosk takes the machine's clock.
const clockOffsetEnv = "ACCUEIL_CLOCK_OFFSET"

// testClock is the headless kiosk's clock: nil (time.Now) unless
// ACCUEIL_CLOCK_OFFSET holds a valid, non-zero duration.
func testClock() func() time.Time {
	d, err := time.ParseDuration(os.Getenv(clockOffsetEnv))
	if err != nil || d == 0 {
		return nil
	}
	return func() time.Time { return time.Now().Add(d) }
}
