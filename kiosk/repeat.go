package kiosk

import "time"

// RepeatWindow is how long the same payload from the same input counts as
// one scan: a badge held in front of a reader, or a double trigger.
const RepeatWindow = 3 * time.Second

// maxRecent bounds what a filter remembers, whatever the clock does (a
// clock set back leaves entries that never look old): forgetting a payload
// early only loses the repeat check for it.
const maxRecent = 4096

// RepeatFilter remembers the last scans of one input so that a payload seen
// again within RepeatWindow is answered with the first verdict instead of
// being recorded twice. It is not safe for concurrent use: each input owns
// one.
type RepeatFilter struct {
	recent map[string]Result
	// order lists payloads as they were remembered, oldest first, so that
	// expiry looks at the old end only: a scripted input sending hundreds
	// of scans a second made a sweep of the whole map cost more than the
	// scan itself.
	order []remembered
}

type remembered struct {
	payload string
	at      time.Time
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
	p := CleanPayload(payload)
	f.recent[p] = r
	f.order = append(f.order, remembered{p, r.Scan.At})
	n := 0
	for _, old := range f.order {
		if len(f.order)-n <= maxRecent && r.Scan.At.Sub(old.at) < RepeatWindow {
			break
		}
		// The payload may have been remembered again since: only its
		// latest entry removes it.
		if cur, ok := f.recent[old.payload]; ok && cur.Scan.At.Equal(old.at) {
			delete(f.recent, old.payload)
		}
		n++
	}
	// Dropping from the front costs nothing; append copies the live end
	// into a new array when the old one is used up.
	f.order = f.order[n:]
}
