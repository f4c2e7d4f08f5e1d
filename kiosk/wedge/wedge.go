// Package wedge tells a keyboard-wedge scanner from a person at the keyboard.
//
// USB handheld scanners present themselves as keyboards: they "type" a badge
// payload a few milliseconds per key and usually end it with Enter (some with
// Tab, some with nothing). The kiosk window feeds every rune and every Enter
// or Tab it receives to an Assembler, which groups them into runs of keys
// that came fast enough to be a machine's and reports each run as a Scan or
// as Typed text that a person typed (and that the window hands back to the
// search field it was meant for).
//
// The Assembler keeps only the run still open, so its memory is bounded by
// Config.MaxLength, and it reads the time itself from Config.Now because
// toolkit key events carry no time stamps. It never loses or repeats a rune:
// the Scan payloads and Typed texts it returns, in order, are the runes it was
// fed, less only the tail cut from overlong scans (counted in
// Event.Truncated).
package wedge

import (
	"fmt"
	"sync"
	"time"
)

// Source tells where keys came from, so that typed text goes back where it
// was typed and a burst split across two places is not taken for one scan.
type Source int

const (
	// Canvas is the window itself, with no widget focused.
	Canvas Source = iota
	// SearchField is the desk screen's name search field.
	SearchField
	// DialogField is a staff dialog's field, such as the PIN's: a badge
	// scanned while it has focus must not be typed into it.
	DialogField
)

func (s Source) String() string {
	switch s {
	case Canvas:
		return "canvas"
	case SearchField:
		return "search field"
	case DialogField:
		return "dialog field"
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// Key is a key that is not a character: the ones that end a scan.
type Key int

const (
	// KeyNone marks an event that no key ended (silence, a slow key, a
	// change of source).
	KeyNone Key = iota
	KeyEnter
	KeyTab
)

func (k Key) String() string {
	switch k {
	case KeyNone:
		return "none"
	case KeyEnter:
		return "enter"
	case KeyTab:
		return "tab"
	}
	return fmt.Sprintf("Key(%d)", int(k))
}

// EventKind tells a scan from typing.
type EventKind int

const (
	// Typed is text a person typed, or an Enter or Tab a person pressed.
	Typed EventKind = iota + 1
	// Scan is a whole code typed by a scanner.
	Scan
)

func (k EventKind) String() string {
	switch k {
	case Typed:
		return "typed"
	case Scan:
		return "scan"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is what the Assembler makes of the keys it was fed.
type Event struct {
	Kind EventKind
	// Payload is a Scan's code, at most Config.MaxLength runes.
	Payload string
	// Truncated counts the runes of an overlong Scan cut after Payload; the
	// decision layer should call such a scan unreadable.
	Truncated int
	// Text is what a person typed, in order. It may be empty when End is
	// the whole event: a person pressed Enter or Tab on its own.
	Text string
	// End is the key that ended the event, KeyNone if none did. For Typed
	// text in the search field, KeyEnter is the person submitting it and
	// KeyTab moving the focus: the window should act on them as the field
	// would have.
	End    Key
	Source Source
}

// Config tunes the Assembler. Zero fields take the defaults.
type Config struct {
	// Silence ends a code: after this long with no key, a fast run is over.
	// Default 100 ms.
	Silence time.Duration
	// MaxGap is the longest gap between two keys of a scan: keys further
	// apart are a person typing. Default 50 ms.
	MaxGap time.Duration
	// MinLength is the shortest scan, in runes: shorter fast runs are a
	// person's (two keys pressed together). Default 4.
	MinLength int
	// MaxLength is the longest payload kept, in runes: longer runs are cut
	// and reported as one overlong scan. Default 4096.
	MaxLength int
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Defaults, chosen from scanners' speeds: they type a key every 1–20 ms,
// while even a fast typist leaves 60 ms or more between most keys.
const (
	DefaultSilence   = 100 * time.Millisecond
	DefaultMaxGap    = 50 * time.Millisecond
	DefaultMinLength = 4
	DefaultMaxLength = 4096
)

// Assembler groups keys into scans and typing. It is safe for concurrent use,
// so that a timer goroutine may call Tick while the window feeds keys.
type Assembler struct {
	cfg Config

	mu sync.Mutex
	// run is the open run of fast keys: the runes kept, where they came
	// from, when the last one came and how many were cut past MaxLength.
	run  []rune
	src  Source
	last time.Time
	cut  int
}

// New returns an Assembler with cfg's zero fields set to the defaults.
func New(cfg Config) *Assembler {
	if cfg.Silence <= 0 {
		cfg.Silence = DefaultSilence
	}
	if cfg.MaxGap <= 0 {
		cfg.MaxGap = DefaultMaxGap
	}
	if cfg.MinLength <= 0 {
		cfg.MinLength = DefaultMinLength
	}
	if cfg.MaxLength <= 0 {
		cfg.MaxLength = DefaultMaxLength
	}
	// A cap below the shortest scan would make every long scan unreadable
	// and every short one typing: keep the cap at least as long.
	if cfg.MaxLength < cfg.MinLength {
		cfg.MaxLength = cfg.MinLength
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Assembler{cfg: cfg}
}

// Rune feeds one typed character, timed by Config.Now. It returns the events
// the character settles: the run it ends, if any. The character itself is
// reported later, by a following key or by Tick.
func (a *Assembler) Rune(r rune, src Source) []Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.cfg.Now()
	evs := a.expire(now, nil)
	if a.open() && (src != a.src || now.Sub(a.last) > a.cfg.MaxGap) {
		// A slow key or one from elsewhere ends the run without being a
		// scan's end: what came fast before it was a person after all.
		evs = a.flush(evs, a.overlong(), KeyNone)
	}
	if !a.open() {
		a.src = src
	}
	a.last = now
	if len(a.run) < a.cfg.MaxLength {
		a.run = append(a.run, r)
	} else {
		a.cut++
	}
	return evs
}

// Key feeds Enter or Tab (other keys are ignored). Enter or Tab ends the open
// run: as a Scan if it is long enough, else as Typed text ending with the key.
// An Enter or Tab with no open run is a person's, reported as Typed with no
// text, so that the search field can still be submitted or left.
func (a *Assembler) Key(k Key, src Source) []Event {
	if k != KeyEnter && k != KeyTab {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.cfg.Now()
	evs := a.expire(now, nil)
	if a.open() && src != a.src {
		evs = a.flush(evs, a.overlong(), KeyNone)
	}
	if !a.open() {
		return append(evs, Event{Kind: Typed, End: k, Source: src})
	}
	// A terminator is taken up to Silence after the last rune, not only
	// within MaxGap: some scanners pause before their suffix, and a person
	// cannot type MinLength keys at scanner speed anyway. A short run that
	// came slower than MaxGap was already settled by expire.
	return a.flush(evs, a.long(), k)
}

// Tick settles the open run once the keys have stopped long enough: a person's
// short run MaxGap after its last key, any run Silence after it. The window
// calls it when the Deadline timer fires; calling it at other times is
// harmless.
func (a *Assembler) Tick() []Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.expire(a.cfg.Now(), nil)
}

// Deadline returns when Tick should next be called, or the zero time when no
// run is open. It changes after every call, so the window resets its one
// timer after each.
func (a *Assembler) Deadline() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.open() {
		return time.Time{}
	}
	if a.long() {
		return a.last.Add(a.cfg.Silence)
	}
	// A short run is a person's as soon as the next key can no longer be
	// fast; MaxGap itself still counts as fast, hence the nanosecond.
	return a.last.Add(min(a.cfg.MaxGap+1, a.cfg.Silence))
}

// expire settles the open run if the time since its last key decides it.
func (a *Assembler) expire(now time.Time, evs []Event) []Event {
	if !a.open() {
		return evs
	}
	gap := now.Sub(a.last)
	switch {
	case gap >= a.cfg.Silence:
		return a.flush(evs, a.long(), KeyNone)
	case gap > a.cfg.MaxGap && !a.long():
		return a.flush(evs, false, KeyNone)
	}
	return evs
}

// open tells whether a run is open.
func (a *Assembler) open() bool { return len(a.run) > 0 }

// long tells whether the open run is long enough to be a scan.
func (a *Assembler) long() bool { return len(a.run) >= a.cfg.MinLength }

// overlong tells whether the open run passed MaxLength: no person types that
// much that fast, so it is a scan however it ends.
func (a *Assembler) overlong() bool { return a.cut > 0 }

// flush closes the open run as a Scan or as Typed text and appends the event.
func (a *Assembler) flush(evs []Event, scan bool, end Key) []Event {
	ev := Event{Kind: Typed, End: end, Source: a.src}
	if scan {
		ev.Kind, ev.Payload, ev.Truncated = Scan, string(a.run), a.cut
	} else {
		ev.Text = string(a.run)
	}
	// Reuse the buffer unless a long scan grew it: a run is usually a few
	// dozen runes and the next one will fit.
	if cap(a.run) > 256 {
		a.run = nil
	} else {
		a.run = a.run[:0]
	}
	a.cut = 0
	return append(evs, ev)
}
