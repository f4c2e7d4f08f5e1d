package hubclient

import (
	"math/rand/v2"
	"time"
)

// backoff spaces reconnection attempts: exponential from min to max, with
// equal jitter (half the wait fixed, half random) so that a hundred kiosks
// do not all knock on a restarted hub at the same instant. Full jitter
// (anywhere from zero) would spread them a little wider but let a kiosk
// dial again at once, over and over, against a hub that keeps failing.
type backoff struct {
	min, max time.Duration
	attempt  int
	rand     func() float64
}

func newBackoff(min, max time.Duration) *backoff {
	return &backoff{min: min, max: max, rand: rand.Float64}
}

// next returns the wait before the next attempt.
func (b *backoff) next() time.Duration {
	d := b.min << min(b.attempt, 20)
	if d > b.max || d <= 0 {
		d = b.max
	}
	b.attempt++
	// Half fixed, half random: never hammer, never wait needlessly long.
	return d/2 + time.Duration(b.rand()*float64(d/2))
}

// reset starts again from min after a connection that lasted.
func (b *backoff) reset() { b.attempt = 0 }
