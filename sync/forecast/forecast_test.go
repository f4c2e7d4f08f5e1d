package forecast

import (
	"strings"
	"testing"
	"time"
)

func TestArrivedShare(t *testing.T) {
	plenary := clockAt("09:30")
	for _, tc := range []struct {
		at   string
		want float64
	}{
		{"07:00", 0},
		{"08:00", 0},
		{"09:00", 1.0 / 6},
		{"09:30", 5.0 / 6},
		{"10:30", 1},
		{"12:00", 1},
	} {
		t.Run(tc.at, func(t *testing.T) {
			if got := arrivedShare(clockAt(tc.at), plenary); abs(got-tc.want) > 1e-9 {
				t.Errorf("share by %s = %.4f, want %.4f", tc.at, got, tc.want)
			}
		})
	}
	if got := arrivedShare(plenary, plenary) - arrivedShare(plenary.Add(-30*time.Minute), plenary); abs(got-2.0/3) > 1e-9 {
		t.Errorf("share in the half hour before the plenary = %.4f, want two thirds", got)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// every returns n admissions at one kiosk, gap apart, ending at end.
func every(kiosk string, mode Mode, n int, gap time.Duration, end time.Time) []Admission {
	out := make([]Admission, n)
	for i := range out {
		out[i] = Admission{At: end.Add(-time.Duration(n-1-i) * gap), Kiosk: kiosk, Mode: mode}
	}
	return out
}

func TestLaneRates(t *testing.T) {
	now := clockAt("09:15")
	for _, tc := range []struct {
		name   string
		recent []Admission
		want   map[Mode]float64
	}{
		{"nothing yet", nil, map[Mode]float64{}},
		{"busy desk, one every 10 s", every("d1", Desk, 40, 10*time.Second, now), map[Mode]float64{Desk: 6}},
		{"too few gaps", every("d1", Desk, 10, 10*time.Second, now), map[Mode]float64{}},
		{"an idle lane says nothing", every("s1", Self, 40, 20*time.Second, now)[:0], map[Mode]float64{}},
		{"mostly idle", append(every("s1", Self, 25, 20*time.Second, now.Add(-10*time.Minute)), every("s2", Self, 25, time.Minute, now)...),
			map[Mode]float64{}},
		{"two busy kiosks", append(every("s1", Self, 30, 15*time.Second, now), every("s2", Self, 30, 20*time.Second, now)...),
			map[Mode]float64{Self: 58.0 / (29*15 + 29*20) * 60}},
		{"older than the window", every("d1", Desk, 40, 10*time.Second, now.Add(-20*time.Minute)), map[Mode]float64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := laneRates(tc.recent, now)
			if len(got) != len(tc.want) {
				t.Fatalf("rates %v, want %v", got, tc.want)
			}
			for m, w := range tc.want {
				if abs(got[m]-w) > 1e-6 {
					t.Errorf("%s rate %.3f, want %.3f", m, got[m], w)
				}
			}
		})
	}
}

func TestCompute(t *testing.T) {
	for _, tc := range []struct {
		name       string
		in         Input
		wantNoWait bool
		wantLanes  int
		wantFR     string
		wantEN     string
	}{
		{
			name:       "no lane open before the crowd",
			in:         Input{Now: clockAt("08:50"), Zone: paris, Plenary: clockAt("09:30"), Registered: 1000},
			wantNoWait: true, wantFR: "Ouvrez", wantEN: "lanes",
		},
		{
			name:   "enough lanes",
			in:     Input{Now: clockAt("08:00"), Zone: paris, Plenary: clockAt("09:30"), Registered: 100, Lanes: map[Mode]int{Desk: 2}},
			wantFR: "Files suffisantes", wantEN: "Enough lanes",
		},
		{
			name:      "one self kiosk for a crowd",
			in:        Input{Now: clockAt("08:55"), Zone: paris, Plenary: clockAt("09:30"), Registered: 600, Lanes: map[Mode]int{Self: 1}},
			wantLanes: 1, wantFR: "Ouvrez", wantEN: "more lane",
		},
		{
			name:   "no plenary ahead: quiet afternoon",
			in:     Input{Now: clockAt("15:00"), Zone: paris, Registered: 600, Arrived: 500, Lanes: map[Mode]int{Desk: 1}},
			wantFR: "Files suffisantes", wantEN: "under 5 min",
		},
		{
			name:       "nobody left to come, no lane",
			in:         Input{Now: clockAt("15:00"), Zone: paris, Plenary: clockAt("09:30"), Registered: 600, Arrived: 600},
			wantNoWait: true, wantFR: "Aucune arrivée", wantEN: "No arrivals",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Compute(tc.in)
			if (f.Wait == nil) != tc.wantNoWait {
				t.Errorf("wait %v, want nil: %v", f.Wait, tc.wantNoWait)
			}
			if tc.wantLanes > 0 && f.MoreLanes < tc.wantLanes {
				t.Errorf("more lanes %d, want at least %d", f.MoreLanes, tc.wantLanes)
			}
			if !strings.Contains(f.Advice.FR, tc.wantFR) || !strings.Contains(f.Advice.EN, tc.wantEN) {
				t.Errorf("advice %q / %q, want %q / %q in it", f.Advice.FR, f.Advice.EN, tc.wantFR, tc.wantEN)
			}
			if len(f.Points) != int(Horizon/Step) {
				t.Errorf("%d points, want %d", len(f.Points), Horizon/Step)
			}
			t.Logf("%s / %s", f.Advice.FR, f.Advice.EN)
		})
	}
}
