package kiosk

import (
	"fmt"
	"testing"
	"time"
)

func TestRepeatFilter(t *testing.T) {
	t0 := time.Date(2016, 7, 4, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) Result { return Result{Scan: Scan{ID: d.String(), At: t0.Add(d)}} }
	tests := []struct {
		name     string
		remember map[time.Duration]string // when → payload, in time order of the keys
		steps    []time.Duration
		ask      string
		now      time.Duration
		want     string // ID of the first result, "" for not a repeat
	}{
		{"same badge within the window", map[time.Duration]string{0: "A"}, []time.Duration{0}, " A\r", 2 * time.Second, "0s"},
		{"same badge after the window", map[time.Duration]string{0: "A"}, []time.Duration{0}, "A", 3 * time.Second, ""},
		{"another badge", map[time.Duration]string{0: "A"}, []time.Duration{0}, "B", time.Second, ""},
		{"clock set back", map[time.Duration]string{0: "A"}, []time.Duration{0}, "A", -time.Second, ""},
		{"re-remembered payload survives its old entry's expiry", map[time.Duration]string{0: "A", 2 * time.Second: "A", 4 * time.Second: "B"},
			[]time.Duration{0, 2 * time.Second, 4 * time.Second}, "A", 4 * time.Second, "2s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f RepeatFilter
			for _, d := range tt.steps {
				f.Remember(tt.remember[d], at(d))
			}
			got, ok := f.Repeat(tt.ask, t0.Add(tt.now))
			if (tt.want == "") == ok || ok && got.Scan.ID != tt.want {
				t.Errorf("Repeat = %q, %v; want %q", got.Scan.ID, ok, tt.want)
			}
		})
	}
}

// A scripted input sending many scans a second keeps the filter bounded:
// what is older than the window, or beyond maxRecent, is forgotten.
func TestRepeatFilterStaysBounded(t *testing.T) {
	t0 := time.Date(2016, 7, 4, 9, 0, 0, 0, time.UTC)
	var f RepeatFilter
	for i := range 20_000 {
		f.Remember(fmt.Sprint(i), Result{Scan: Scan{At: t0.Add(time.Duration(i) * time.Millisecond)}})
	}
	if len(f.recent) > maxRecent || len(f.order) > maxRecent {
		t.Errorf("%d payloads and %d entries remembered, at most %d", len(f.recent), len(f.order), maxRecent)
	}
	if _, ok := f.Repeat("19999", t0.Add(20*time.Second)); !ok {
		t.Error("the last payload is forgotten")
	}
	if _, ok := f.Repeat("100", t0.Add(20*time.Second)); ok {
		t.Error("a payload from 19.9 s ago is still a repeat")
	}
}
