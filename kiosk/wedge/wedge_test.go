package wedge

import (
	"slices"
	"strings"
	"sync"
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

func TestDeadline(t *testing.T) {
	clk := newClock()
	a := New(Config{Now: clk.now})
	start := clk.t
	tests := []struct {
		name string
		do   func()
		want time.Time
	}{
		{"idle", func() {}, time.Time{}},
		{"one key: a person's once the next can no longer be fast", func() { a.Rune('a', Canvas) }, start.Add(50*ms + 1)},
		{"long enough to be a scan: waits for Silence", func() {
			for _, r := range "bcd" {
				clk.t = clk.t.Add(5 * ms)
				a.Rune(r, Canvas)
			}
		}, start.Add(15*ms + 100*ms)},
		{"ended by Enter", func() { a.Key(KeyEnter, Canvas) }, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.do()
			if got := a.Deadline(); !got.Equal(tt.want) {
				t.Errorf("Deadline = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Config
		want Config
	}{
		{"zero", Config{}, Config{Silence: 100 * ms, MaxGap: 50 * ms, MinLength: 4, MaxLength: 4096}},
		{"negative", Config{Silence: -1, MaxGap: -1, MinLength: -1, MaxLength: -1}, Config{Silence: 100 * ms, MaxGap: 50 * ms, MinLength: 4, MaxLength: 4096}},
		{"cap below minimum", Config{MinLength: 10, MaxLength: 5}, Config{Silence: 100 * ms, MaxGap: 50 * ms, MinLength: 10, MaxLength: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := New(tt.in).cfg
			if got.Now == nil {
				t.Error("Now not set")
			}
			if got.Silence != tt.want.Silence || got.MaxGap != tt.want.MaxGap ||
				got.MinLength != tt.want.MinLength || got.MaxLength != tt.want.MaxLength {
				t.Errorf("config = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestConcurrentTick runs the window's two callers at once, for the race
// detector: keys from the event loop, Tick from a timer goroutine.
func TestConcurrentTick(t *testing.T) {
	a := New(Config{})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var ticked []Event
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				ticked = append(ticked, a.Tick()...)
				_ = a.Deadline()
			}
		}
	}()
	var fed []Event
	for range 200 {
		fed = append(fed, a.Rune('x', Canvas)...)
	}
	fed = append(fed, a.Key(KeyEnter, Canvas)...)
	close(stop)
	wg.Wait()
	n := 0
	for _, e := range append(fed, ticked...) {
		n += utf8.RuneCountInString(e.Payload+e.Text) + e.Truncated
	}
	if n != 200 {
		t.Errorf("%d runes came out, want 200", n)
	}
}

func TestStrings(t *testing.T) {
	tests := []struct{ got, want string }{
		{Canvas.String(), "canvas"}, {SearchField.String(), "search field"}, {Source(7).String(), "Source(7)"},
		{KeyNone.String(), "none"}, {KeyEnter.String(), "enter"}, {KeyTab.String(), "tab"}, {Key(9).String(), "Key(9)"},
		{Typed.String(), "typed"}, {Scan.String(), "scan"}, {EventKind(0).String(), "EventKind(0)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// Runes the fuzzer types: ASCII as in badge payloads, accents, emoji (one
// outside the BMP, one joined sequence), Arabic and a direction mark.
var fuzzRunes = []rune("AZ09:$é€😀\u200d👩مر\u200f\x00 ")

// Gaps the fuzzer waits, around every threshold of the defaults.
var fuzzGaps = []time.Duration{0, 1 * ms, 5 * ms, 20 * ms, 49 * ms, 50 * ms, 50*ms + 1, 51 * ms, 70 * ms, 99 * ms, 100 * ms, 101 * ms, 300 * ms, time.Second, time.Minute, -ms}

// FuzzAssembler feeds random runes, keys and ticks with random gaps and checks
// that nothing is lost, duplicated or moved: the scans and typed texts, in
// order, are the runes fed, each reported from its own source, and every
// Enter or Tab ends exactly one event.
func FuzzAssembler(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 1, 1, 1, 2, 1, 3, 4, 0})
	f.Add([]byte{3, 0x80, 0x61, 0x85, 0x61, 0x86, 0x61, 0x87, 0x64, 0, 7, 0})
	f.Add([]byte{2, 5, 0x60, 3, 0x68, 4, 0x69, 5, 0x46, 0, 0xfe, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		// The first byte picks the configuration, misconfigurations included.
		c := data[0]
		data = data[1:]
		cfg := Config{
			MinLength: 1 + int(c%6),
			MaxLength: 1 + int(c/6%12),
			Silence:   []time.Duration{0, 30 * ms, 50 * ms, 100 * ms}[c/72%4],
		}
		clk := newClock()
		cfg.Now = clk.now
		a := New(cfg)
		minLen, maxLen := a.cfg.MinLength, a.cfg.MaxLength

		var in []rune
		var inSrc []Source
		var keys []Key
		var out []Event
		check := func(evs []Event) {
			out = append(out, evs...)
			if dl := a.Deadline(); !dl.IsZero() && !dl.After(clk.t) {
				t.Fatalf("Deadline %v not after now %v", dl, clk.t)
			}
		}
		for i := 0; i+1 < len(data); i += 2 {
			op, v := data[i], data[i+1]
			gap := fuzzGaps[int(op/8)%len(fuzzGaps)]
			clk.t = clk.t.Add(gap)
			src := Canvas
			if v&0x80 != 0 {
				src = SearchField
			}
			switch op % 8 {
			case 0, 1, 2, 3:
				r := fuzzRunes[int(v&0x7f)%len(fuzzRunes)]
				in, inSrc = append(in, r), append(inSrc, src)
				check(a.Rune(r, src))
			case 4:
				keys = append(keys, KeyEnter)
				check(a.Key(KeyEnter, src))
			case 5:
				keys = append(keys, KeyTab)
				check(a.Key(KeyTab, src))
			case 6:
				check(a.Tick())
			case 7:
				// The window's timer firing on time must settle the run.
				if dl := a.Deadline(); !dl.IsZero() {
					clk.t = dl
					check(a.Tick())
					if !a.Deadline().IsZero() {
						t.Fatal("Tick at Deadline left a run open")
					}
				}
			}
		}
		clk.t = clk.t.Add(time.Hour)
		check(a.Tick())
		if !a.Deadline().IsZero() {
			t.Fatal("run still open an hour after the last key")
		}

		pos := 0
		var ends []Key
		for _, e := range out {
			var got []rune
			switch e.Kind {
			case Scan:
				got = []rune(e.Payload)
				if e.Text != "" {
					t.Fatalf("scan with text: %+v", e)
				}
				if n := len(got); n < minLen || n > maxLen || (e.Truncated > 0 && n != maxLen) || e.Truncated < 0 {
					t.Fatalf("scan of %d runes cut by %d, limits %d–%d", n, e.Truncated, minLen, maxLen)
				}
			case Typed:
				got = []rune(e.Text)
				if e.Payload != "" || e.Truncated != 0 {
					t.Fatalf("typed event with a payload: %+v", e)
				}
			default:
				t.Fatalf("event of kind %v", e.Kind)
			}
			if e.End != KeyNone {
				ends = append(ends, e.End)
			}
			for _, r := range got {
				if pos >= len(in) || in[pos] != r {
					t.Fatalf("rune %d: got %q, input %q", pos, r, string(in))
				}
				if inSrc[pos] != e.Source {
					t.Fatalf("rune %d typed in %v reported from %v", pos, inSrc[pos], e.Source)
				}
				pos++
			}
			pos += e.Truncated
		}
		if pos != len(in) {
			t.Fatalf("%d runes came out of %d fed", pos, len(in))
		}
		if !slices.Equal(ends, keys) {
			t.Fatalf("events ended by %v, keys fed %v", ends, keys)
		}
	})
}
