package wedge

import (
	"slices"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

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
