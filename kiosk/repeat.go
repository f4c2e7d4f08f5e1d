package kiosk

import "time"

// RepeatWindow is how long the same payload from the same input counts as
// one scan: a badge held in front of a reader, or a double trigger.
const RepeatWindow = 3 * time.Second

// RepeatFilter remembers the last scans of one input so that a payload seen
// again within RepeatWindow is answered with the first verdict instead of
// being recorded twice. It is not safe for concurrent use: each input owns
// one.
type RepeatFilter struct {
	recent map[string]Result
}

// Repeat returns the scan already recorded for payload within the window.
func (f *RepeatFilter) Repeat(payload string, now time.Time) (Result, bool) {
	r, ok := f.recent[CleanPayload(payload)]
	if !ok || now.Sub(r.Scan.At) >= RepeatWindow || now.Before(r.Scan.At) {
		return Result{}, false
	}
	return r, true
}

// Remember records the result a payload produced.
func (f *RepeatFilter) Remember(payload string, r Result) {
	if f.recent == nil {
		f.recent = make(map[string]Result)
	}
	if len(f.recent) >= 64 {
		for p, old := range f.recent {
			if r.Scan.At.Sub(old.Scan.At) >= RepeatWindow {
				delete(f.recent, p)
			}
		}
	}
	f.recent[CleanPayload(payload)] = r
}
