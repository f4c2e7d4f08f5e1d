package chaos

import (
	"strings"
	"testing"
	"time"
)

func TestGrowthAndLimits(t *testing.T) {
	const mib = 1 << 20
	sec := func(n int) time.Duration { return time.Duration(n) * time.Second }
	tests := []struct {
		name string
		gs   []Growth
		over []string
	}{
		{"steady", []Growth{{Name: "hub", Kind: "rss", Base: 40 * mib, End: 60 * mib}, {Name: "hub", Kind: "files", Base: 20, End: 22},
			{Name: "hub", Kind: "goroutines", Base: 30, End: 35}}, nil},
		{"memory as the data", []Growth{{Name: "hub", Kind: "rss", Base: 40 * mib, End: 140 * mib}, {Name: "hub", Kind: "db", Base: 0, End: 60 * mib}}, nil},
		{"memory leak", []Growth{{Name: "door-1", Kind: "rss", Base: 40 * mib, End: 140 * mib}, {Name: "door-1", Kind: "db", Base: 0, End: 10 * mib}},
			[]string{"door-1 memory +100MB, allowed 58MB"}},
		{"another's database does not count", []Growth{{Name: "door-1", Kind: "rss", Base: 0, End: 100 * mib}, {Name: "hub", Kind: "db", Base: 0, End: 100 * mib}},
			[]string{"door-1 memory +100MB, allowed 48MB"}},
		{"file leak", []Growth{{Name: "hub", Kind: "files", Base: 20, End: 31}}, []string{"hub open files +11, allowed 10"}},
		{"goroutine leak", []Growth{{Name: "hub", Kind: "goroutines", Base: 30, End: 300}}, []string{"hub goroutines +270, allowed 20"}},
		{"shrinking is fine", []Growth{{Name: "hub", Kind: "rss", Base: 90 * mib, End: 30 * mib}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := overLimits(tt.gs, DefaultLimits); strings.Join(got, "|") != strings.Join(tt.over, "|") {
				t.Errorf("over %q, want %q", got, tt.over)
			}
		})
	}

	// The first quarter's median against the last three samples' median:
	// a start-up spike and one late outlier do not decide.
	s := &series{proc: "hub", kind: "rss", at: []time.Duration{sec(0), sec(10), sec(20), sec(30), sec(40), sec(50), sec(60), sec(70), sec(80)},
		v: []int64{90, 10, 11, 30, 30, 30, 20, 21, 99}}
	if g := s.growth(sec(80)); g.Base != 11 || g.End != 21 {
		t.Errorf("growth %+v, want 11 → 21", g)
	}
}

func TestParseProc(t *testing.T) {
	tests := []struct {
		name, text string
		rss        int64
		err        bool
	}{
		{"status", "Name:\thub\nVmPeak:\t  99 kB\nVmRSS:\t   2048 kB\nThreads:\t9\n", 2048 * 1024, false},
		{"none", "Name:\thub\n", 0, true},
		{"garbage", "VmRSS:\tlots kB\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRSS(strings.NewReader(tt.text))
			if (err != nil) != tt.err || got != tt.rss {
				t.Errorf("parseRSS = %d, %v", got, err)
			}
		})
	}
	metrics := "# HELP go_goroutines Number of goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines 42\ngo_goroutines_x{a=\"b\"} 3\n"
	if n, err := parseMetric(strings.NewReader(metrics), "go_goroutines"); n != 42 || err != nil {
		t.Errorf("go_goroutines = %d, %v", n, err)
	}
	if _, err := parseMetric(strings.NewReader(metrics), "process_open_fds"); err == nil {
		t.Error("a missing metric was found")
	}
}
