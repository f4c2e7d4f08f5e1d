package wedge

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// clock is a fake clock that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newClock() *clock { return &clock{t: time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)} }

// step is one thing that happens to the window: after a pause, some runes
// typed gap apart, a key, or nothing (a pause only, for the timer to fire).
type step struct {
	pause time.Duration // before the step
	text  string        // runes, the first after pause, the others gap apart
	gap   time.Duration
	key   Key
	src   Source
}

func typed(pause time.Duration, text string, gap time.Duration) step {
	return step{pause: pause, text: text, gap: gap}
}
func field(pause time.Duration, text string, gap time.Duration) step {
	return step{pause: pause, text: text, gap: gap, src: SearchField}
}
func key(pause time.Duration, k Key) step      { return step{pause: pause, key: k} }
func fieldKey(pause time.Duration, k Key) step { return step{pause: pause, key: k, src: SearchField} }

// harness plays steps like the window does: when timer is on, Tick is called
// at every Deadline that passes, as the window's one timer would.
type harness struct {
	t     *testing.T
	clk   *clock
	a     *Assembler
	timer bool
	evs   []Event
}

func newHarness(t *testing.T, cfg Config, timer bool) *harness {
	clk := newClock()
	cfg.Now = clk.now
	return &harness{t: t, clk: clk, a: New(cfg), timer: timer}
}

// advance moves the clock by d, firing the timer on the way.
func (h *harness) advance(d time.Duration) {
	end := h.clk.t.Add(d)
	for h.timer {
		dl := h.a.Deadline()
		if dl.IsZero() || dl.After(end) {
			break
		}
		h.clk.t = dl
		h.evs = append(h.evs, h.a.Tick()...)
	}
	h.clk.t = end
}

func (h *harness) play(steps []step) []Event {
	for _, s := range steps {
		h.advance(s.pause)
		for i, r := range s.text {
			if i > 0 {
				h.advance(s.gap)
			}
			h.evs = append(h.evs, h.a.Rune(r, s.src)...)
		}
		if s.key != KeyNone {
			h.evs = append(h.evs, h.a.Key(s.key, s.src)...)
		}
	}
	// Long enough for any run to end, so that every case is complete.
	h.advance(time.Hour)
	if !h.timer {
		h.evs = append(h.evs, h.a.Tick()...)
	}
	if dl := h.a.Deadline(); !dl.IsZero() {
		h.t.Errorf("Deadline = %v after the end, want zero", dl)
	}
	return h.evs
}

func scan(p string, end Key) Event { return Event{Kind: Scan, Payload: p, End: end} }
func text(s string, end Key) Event { return Event{Kind: Typed, Text: s, End: end} }
func ftext(s string, end Key) Event {
	return Event{Kind: Typed, Text: s, End: end, Source: SearchField}
}
func fscan(p string, end Key) Event {
	return Event{Kind: Scan, Payload: p, End: end, Source: SearchField}
}
func cutScan(p string, n int, end Key) Event {
	return Event{Kind: Scan, Payload: p, Truncated: n, End: end}
}

const (
	ms    = time.Millisecond
	badge = "AC1:MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPI"
)

func TestAssembler(t *testing.T) {
	long := strings.Repeat("X", 2000)
	tests := []struct {
		name  string
		cfg   Config
		timer bool
		steps []step
		want  []Event
	}{
		{
			name: "scan ended by Enter", timer: true,
			steps: []step{typed(0, badge, 5*ms), key(5*ms, KeyEnter)},
			want:  []Event{scan(badge, KeyEnter)},
		},
		{
			name: "scan ended by Tab", timer: true,
			steps: []step{typed(0, badge, 20*ms), key(20*ms, KeyTab)},
			want:  []Event{scan(badge, KeyTab)},
		},
		{
			name: "scan ended by silence", timer: true,
			steps: []step{typed(0, badge, 10*ms)},
			want:  []Event{scan(badge, KeyNone)},
		},
		{
			name:  "scan ended by silence, no timer: settled by the next key",
			steps: []step{typed(0, "ABCDEF", 10*ms), typed(time.Second, "GHIJKL", 10*ms), key(10*ms, KeyEnter)},
			want:  []Event{scan("ABCDEF", KeyNone), scan("GHIJKL", KeyEnter)},
		},
		{
			name: "gaps of exactly MaxGap are still a scan", timer: true,
			steps: []step{typed(0, "ABCDEF", 50*ms), key(50*ms, KeyEnter)},
			want:  []Event{scan("ABCDEF", KeyEnter)},
		},
		{
			name: "two scans back to back", timer: true,
			steps: []step{typed(0, "ABCDEF", 5*ms), key(5*ms, KeyEnter), typed(5*ms, "GHIJKL", 5*ms), key(5*ms, KeyEnter)},
			want:  []Event{scan("ABCDEF", KeyEnter), scan("GHIJKL", KeyEnter)},
		},
		{
			name: "scan in the search field", timer: true,
			steps: []step{field(0, badge, 5*ms), fieldKey(5*ms, KeyEnter)},
			want:  []Event{fscan(badge, KeyEnter)},
		},
		{
			name: "terminator a little late is still the scan's", timer: true,
			steps: []step{typed(0, "ABCDEF", 5*ms), key(80*ms, KeyEnter)},
			want:  []Event{scan("ABCDEF", KeyEnter)},
		},
		{
			name: "terminator after Silence is a person's", timer: true,
			steps: []step{typed(0, "ABCDEF", 5*ms), key(150*ms, KeyEnter)},
			want:  []Event{scan("ABCDEF", KeyNone), text("", KeyEnter)},
		},
		{
			name: "fast but shorter than MinLength is typing", timer: true,
			steps: []step{field(0, "abc", 10*ms), fieldKey(10*ms, KeyEnter)},
			want:  []Event{ftext("abc", KeyEnter)},
		},
		{
			name: "slow typing is typed, one key at a time", timer: true,
			steps: []step{field(0, "dupont", 180*ms)},
			want: []Event{
				ftext("d", 0), ftext("u", 0), ftext("p", 0), ftext("o", 0), ftext("n", 0), ftext("t", 0),
			},
		},
		{
			name: "Enter after slow typing is typed, not a scan", timer: true,
			steps: []step{field(0, "dupont", 120*ms), fieldKey(150*ms, KeyEnter)},
			want: []Event{
				ftext("d", 0), ftext("u", 0), ftext("p", 0), ftext("o", 0), ftext("n", 0), ftext("t", 0),
				ftext("", KeyEnter),
			},
		},
		{
			name: "Enter right after slow typing goes with the last key", timer: true,
			steps: []step{field(0, "lyon", 120*ms), fieldKey(30*ms, KeyEnter)},
			want:  []Event{ftext("l", 0), ftext("y", 0), ftext("o", 0), ftext("n", KeyEnter)},
		},
		{
			name: "slow typing, no timer: each key settled by the next", timer: false,
			steps: []step{field(0, "lyon", 120*ms), fieldKey(120*ms, KeyEnter)},
			want:  []Event{ftext("l", 0), ftext("y", 0), ftext("o", 0), ftext("n", 0), ftext("", KeyEnter)},
		},
		{
			name: "fast burst after slow typing: only the fast part is the scan", timer: true,
			steps: []step{field(0, "ab", 200*ms), field(200*ms, badge, 5*ms), fieldKey(5*ms, KeyEnter)},
			want:  []Event{ftext("a", 0), ftext("b", 0), fscan(badge, KeyEnter)},
		},
		{
			name: "fast burst after slow typing, no timer", timer: false,
			steps: []step{field(0, "ab", 200*ms), field(200*ms, badge, 5*ms), fieldKey(5*ms, KeyEnter)},
			want:  []Event{ftext("a", 0), ftext("b", 0), fscan(badge, KeyEnter)},
		},
		{
			name: "fast burst after slow typing, ended by silence", timer: true,
			steps: []step{field(0, "xy", 90*ms), field(90*ms, "123456", 3*ms)},
			want:  []Event{ftext("x", 0), ftext("y", 0), fscan("123456", 0)},
		},
		{
			name: "fast run interrupted by a slow key is typing", timer: true,
			steps: []step{typed(0, "abcd", 30*ms), typed(70*ms, "e", 0)},
			want:  []Event{text("abcd", 0), text("e", 0)},
		},
		{
			name: "change of source ends the run", timer: true,
			steps: []step{typed(0, "abcdef", 5*ms), field(5*ms, "ghijkl", 5*ms), fieldKey(5*ms, KeyEnter)},
			want:  []Event{text("abcdef", 0), fscan("ghijkl", KeyEnter)},
		},
		{
			name: "Enter from another source ends the run", timer: true,
			steps: []step{typed(0, "ab", 5*ms), fieldKey(5*ms, KeyEnter)},
			want:  []Event{text("ab", 0), ftext("", KeyEnter)},
		},
		{
			name: "lone Enter and Tab", timer: true,
			steps: []step{key(0, KeyEnter), key(time.Second, KeyTab)},
			want:  []Event{text("", KeyEnter), text("", KeyTab)},
		},
		{
			name: "other keys are ignored", timer: true,
			steps: []step{typed(0, "abcd", 5*ms), key(5*ms, Key(99)), key(5*ms, KeyNone), key(5*ms, KeyEnter)},
			want:  []Event{scan("abcd", KeyEnter)},
		},
		{
			name: "overlong burst is one cut scan", timer: true, cfg: Config{MaxLength: 8},
			steps: []step{typed(0, "0123456789ABCDEFGHIJ", 2*ms), key(2*ms, KeyEnter)},
			want:  []Event{cutScan("01234567", 12, KeyEnter)},
		},
		{
			name: "overlong burst ended by silence", timer: true, cfg: Config{MaxLength: 8},
			steps: []step{typed(0, "0123456789", 2*ms)},
			want:  []Event{cutScan("01234567", 2, KeyNone)},
		},
		{
			name: "overlong burst ended by a slow key is still a scan", timer: true, cfg: Config{MaxLength: 8},
			steps: []step{typed(0, "0123456789", 2*ms), typed(70*ms, "z", 0)},
			want:  []Event{cutScan("01234567", 2, KeyNone), text("z", 0)},
		},
		{
			name: "exactly MaxLength is not cut", timer: true, cfg: Config{MaxLength: 8},
			steps: []step{typed(0, "01234567", 2*ms), key(2*ms, KeyEnter)},
			want:  []Event{scan("01234567", KeyEnter)},
		},
		{
			name: "2,000 characters at 1 ms are one scan", timer: true,
			steps: []step{typed(0, long, ms), key(ms, KeyEnter)},
			want:  []Event{scan(long, KeyEnter)},
		},
		{
			name: "2,000 characters at 1 ms with no terminator are one scan", timer: true,
			steps: []step{typed(0, long, ms)},
			want:  []Event{scan(long, KeyNone)},
		},
		{
			name: "2,000 characters at 1 ms past MaxLength are one cut scan", timer: true, cfg: Config{MaxLength: 500},
			steps: []step{typed(0, long, ms), key(ms, KeyEnter)},
			want:  []Event{cutScan(long[:500], 1500, KeyEnter)},
		},
		{
			name: "emoji typed slowly stay typed", timer: true,
			steps: []step{field(0, "😀🎉", 300*ms), fieldKey(300*ms, KeyEnter)},
			want:  []Event{ftext("😀", 0), ftext("🎉", 0), ftext("", KeyEnter)},
		},
		{
			name: "right-to-left text typed slowly stays typed", timer: true,
			steps: []step{field(0, "مريم", 150*ms)},
			want:  []Event{ftext("م", 0), ftext("ر", 0), ftext("ي", 0), ftext("م", 0)},
		},
		{
			name: "MinLength 1 makes any fast run a scan", timer: true, cfg: Config{MinLength: 1},
			steps: []step{typed(0, "7", 0), key(5*ms, KeyEnter)},
			want:  []Event{scan("7", KeyEnter)},
		},
		{
			name: "Silence shorter than MaxGap ends runs first", timer: true, cfg: Config{Silence: 30 * ms},
			steps: []step{typed(0, "abcd", 10*ms), typed(40*ms, "efgh", 10*ms)},
			want:  []Event{scan("abcd", 0), scan("efgh", 0)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newHarness(t, tt.cfg, tt.timer).play(tt.steps)
			if !slices.Equal(got, tt.want) {
				t.Errorf("events:\n got %s\nwant %s", show(got), show(tt.want))
			}
		})
	}
}

func show(evs []Event) string {
	var b strings.Builder
	for _, e := range evs {
		s := e.Text
		if e.Kind == Scan {
			s = e.Payload
		}
		if utf8.RuneCountInString(s) > 40 {
			s = string([]rune(s)[:40]) + "…"
		}
		b.WriteString("\n  " + e.Kind.String() + " " + e.Source.String() + " " + `"` + s + `"` + " end=" + e.End.String())
		if e.Truncated > 0 {
			b.WriteString(" cut")
		}
	}
	return b.String()
}
