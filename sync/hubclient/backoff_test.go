package hubclient

import (
	"testing"
	"time"
)

// The wait doubles from min up to max, and equal jitter keeps it between
// half that and all of it: never an immediate redial.
func TestBackoff(t *testing.T) {
	tests := []struct {
		name     string
		random   float64
		attempts int // next calls before the one checked
		want     time.Duration
	}{
		{"first, least", 0, 0, 250 * time.Millisecond},
		{"first, most", 0.999999, 0, 500 * time.Millisecond},
		{"third, least", 0, 2, time.Second},
		{"capped, least", 0, 30, 15 * time.Second},
		{"capped, most", 0.999999, 30, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackoff(500*time.Millisecond, 30*time.Second)
			b.rand = func() float64 { return tt.random }
			for range tt.attempts {
				b.next()
			}
			if got := b.next(); got.Round(time.Millisecond) != tt.want {
				t.Errorf("wait %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("reset", func(t *testing.T) {
		b := newBackoff(time.Second, time.Minute)
		b.rand = func() float64 { return 0 }
		for range 5 {
			b.next()
		}
		b.reset()
		if got := b.next(); got != 500*time.Millisecond {
			t.Errorf("after reset: %v, want 500ms", got)
		}
	})
}
