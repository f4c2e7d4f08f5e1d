package pin

import (
	"errors"
	"testing"
	"time"
)

// memState is a State as a store keeps it: what was saved is what the next
// Guard loads.
type memState struct {
	tries   int
	until   time.Time
	loadErr error
	saveErr error
}

func (s *memState) LoadPINState() (int, time.Time, error) { return s.tries, s.until, s.loadErr }

func (s *memState) SavePINState(tries int, until time.Time) error {
	if s.saveErr != nil {
		return s.saveErr
	}
	s.tries, s.until = tries, until
	return nil
}

// A Guard with a State resumes where the last one stopped: wrong tries
// before a restart still count, a lock still holds, a state that cannot be
// read locks for a minute (never opens the pad), a state written by hand
// cannot lock longer than a minute, and a failed save leaves the count
// enforced in memory.
func TestGuardState(t *testing.T) {
	h, err := hashWith("2468", cheap)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	type step struct {
		restart   bool          // a new Guard on the same State
		after     time.Duration // clock moves before the try
		pin       string
		ok        bool
		lockedFor time.Duration
	}
	wrong := step{pin: "1111"}
	restart := func(s step) step { s.restart = true; return s }
	tests := []struct {
		name  string
		state memState
		steps []step
	}{
		{"tries before a restart count after it", memState{}, []step{
			wrong, wrong, wrong, restart(wrong),
			restart(step{pin: "1111", lockedFor: LockFor}),
		}},
		{"a lock holds across a restart, and ends after its minute", memState{}, []step{
			wrong, wrong, wrong, wrong, {pin: "1111", lockedFor: LockFor},
			{restart: true, after: 10 * time.Second, pin: "2468", lockedFor: 50 * time.Second},
			{restart: true, after: 50 * time.Second, pin: "2468", ok: true},
		}},
		{"a right PIN resets the stored count", memState{}, []step{
			wrong, wrong, wrong, wrong, {pin: "2468", ok: true},
			restart(wrong), wrong, wrong, wrong, {pin: "1111", lockedFor: LockFor},
		}},
		{"unreadable state locks for a minute", memState{loadErr: errors.New("disk error")}, []step{
			{pin: "2468", lockedFor: LockFor},
			{after: LockFor, pin: "2468", ok: true},
		}},
		{"a lock far ahead (clock set back) lasts a minute", memState{tries: MaxTries, until: start.Add(24 * time.Hour)}, []step{
			{pin: "2468", lockedFor: LockFor},
			{restart: true, after: LockFor, pin: "2468", ok: true},
		}},
		{"a count written by hand is bounded", memState{tries: 1 << 40}, []step{
			{pin: "2468", ok: true},
		}},
		{"a negative count written by hand is zero", memState{tries: -100}, []step{
			wrong, wrong, wrong, wrong, {pin: "1111", lockedFor: LockFor},
		}},
		{"a failed save still counts in memory", memState{saveErr: errors.New("disk full")}, []step{
			wrong, wrong, wrong, wrong, {pin: "1111", lockedFor: LockFor}, {pin: "2468", lockedFor: LockFor},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &clock{t: start}
			st := tt.state
			g := NewGuardWithState(h, clk.now, &st)
			for i, s := range tt.steps {
				if s.restart {
					st.loadErr = nil
					g = NewGuardWithState(h, clk.now, &st)
				}
				clk.t = clk.t.Add(s.after)
				ok, locked, err := g.Check(s.pin)
				if err != nil || ok != s.ok || locked != s.lockedFor {
					t.Fatalf("step %d (%q): Check = %v, %v, %v; want %v, %v", i, s.pin, ok, locked, err, s.ok, s.lockedFor)
				}
			}
		})
	}
}
