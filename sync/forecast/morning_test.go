package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The Forum's morning, replayed: 1,500 registered, 1,290 of whom come
// (14 % stay away: not the forecast's 20 %, on purpose), 68 % of comers
// in the 30 minutes before the 09:30 opening plenary with the crowd
// peaking at 09:20, the others early from 07:45 or late until 10:30. The
// entrance has 4 staffed desks and 4 self-service kiosks; at 08:40 only
// 2 desks and 2 kiosks are open.

var paris = mustZone("Europe/Paris")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

func clockAt(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2016-07-04 "+hhmm, paris)
	if err != nil {
		panic(err)
	}
	return t
}

// forumArrivals are the comers' arrival times, in order.
func forumArrivals() []time.Time {
	r := rand.New(rand.NewPCG(2016, 7))
	const comers = 1290
	out := make([]time.Time, 0, comers)
	minutes := func(from string, m float64) time.Time {
		return clockAt(from).Add(time.Duration(m * float64(time.Minute)))
	}
	for range comers {
		switch u := r.Float64(); {
		case u < 0.15: // early, evenly from 07:45
			out = append(out, minutes("07:45", r.Float64()*75))
		case u < 0.83: // the crowd: a triangle from 09:00 to 09:30, peak at 09:20
			x := r.Float64()
			var m float64
			if x < 20.0/30 {
				m = math.Sqrt(x * 30 * 20)
			} else {
				m = 30 - math.Sqrt((1-x)*30*10)
			}
			out = append(out, minutes("09:00", m))
		default: // late, fewer and fewer until 10:30
			out = append(out, minutes("09:30", 60*(1-math.Sqrt(r.Float64()))))
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// lane is one kiosk of the replay.
type lane struct {
	name  string
	mode  Mode
	opens time.Time
	free  time.Time
}

// replayed is what happened to each comer.
type replayed struct {
	arrived, admitted time.Time
	kiosk             string
	mode              Mode
}

// replay serves the comers first come, first served, each at the lane
// that frees first among those open: a desk takes 6 to 10 s a person, a
// self-service kiosk 14 to 20 s.
func replay(arrivals []time.Time, lanes []*lane) []replayed {
	r := rand.New(rand.NewPCG(4, 7))
	out := make([]replayed, 0, len(arrivals))
	for _, at := range arrivals {
		var best *lane
		var bestStart time.Time
		for _, l := range lanes {
			start := latest(at, l.free, l.opens)
			if best == nil || start.Before(bestStart) {
				best, bestStart = l, start
			}
		}
		service := 6 + 4*r.Float64()
		if best.mode == Self {
			service = 14 + 6*r.Float64()
		}
		best.free = bestStart.Add(time.Duration(service * float64(time.Second)))
		out = append(out, replayed{arrived: at, admitted: best.free, kiosk: best.name, mode: best.mode})
	}
	return out
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

func latest(ts ...time.Time) time.Time {
	m := ts[0]
	for _, t := range ts[1:] {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// forumLanes are the entrance's kiosks: desks first, then self-service;
// the first desks and kiosks open at 07:45, the others at open.
func forumLanes(desks, selfs int, extra []Mode, open time.Time) []*lane {
	var out []*lane
	for i := range desks {
		out = append(out, &lane{name: fmt.Sprintf("desk-%d", i+1), mode: Desk, opens: clockAt("07:45")})
	}
	for i := range selfs {
		out = append(out, &lane{name: fmt.Sprintf("self-%d", i+1), mode: Self, opens: clockAt("07:45")})
	}
	for i, m := range extra {
		out = append(out, &lane{name: fmt.Sprintf("extra-%d", i+1), mode: m, opens: open})
	}
	return out
}

// inputAt is what the hub knows at now.
func inputAt(now time.Time, happened []replayed, lanes []*lane) Input {
	in := Input{Now: now, Zone: paris, Plenary: clockAt("09:30"), Registered: 1500, Lanes: map[Mode]int{}}
	for _, h := range happened {
		if h.admitted.After(now) {
			continue
		}
		in.Arrived++
		if h.admitted.After(now.Add(-CapacityWindow)) {
			in.Recent = append(in.Recent, Admission{At: h.admitted, Kiosk: h.kiosk, Mode: h.mode})
		}
	}
	for _, l := range lanes {
		if !l.opens.After(now) {
			in.Lanes[l.mode]++
		}
	}
	return in
}

// waitAround is the mean wait, in minutes, of the comers arriving within
// a minute of t.
func waitAround(happened []replayed, t time.Time) float64 {
	var total float64
	n := 0
	for _, h := range happened {
		if d := h.arrived.Sub(t); d >= -time.Minute && d <= time.Minute {
			total += h.admitted.Sub(h.arrived).Minutes()
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return total / float64(n)
}

func TestForumMorning(t *testing.T) {
	arrivals := forumArrivals()
	now := clockAt("08:40")
	lanes := forumLanes(2, 2, nil, time.Time{})
	asIs := replay(arrivals, lanes)
	f := Compute(inputAt(now, asIs, lanes))

	actual30 := 0
	for _, a := range arrivals {
		if a.After(now) && !a.After(now.Add(30*time.Minute)) {
			actual30++
		}
	}
	actualRate := 0
	for _, a := range arrivals {
		if a.After(now.Add(-ArrivalsWindow)) && !a.After(now) {
			actualRate++
		}
	}
	wait := -1.0
	if f.Wait != nil {
		wait = *f.Wait
	}
	t.Logf("forecast at 08:40: kiosks %d, arrivals_per_min %.1f (actual %.1f), capacity_per_min %.1f (true 22.0), expected_next_30_min %d (actual %d, error %+d, %+.0f %%), wait_minutes %.1f (actual %.1f)",
		f.Kiosks, f.ArrivalsPerMin, float64(actualRate)/ArrivalsWindow.Minutes(), f.CapacityPerMin, f.ExpectedNext30, actual30,
		f.ExpectedNext30-actual30, 100*float64(f.ExpectedNext30-actual30)/float64(actual30), wait, waitAround(asIs, now))
	for _, p := range f.Points {
		actual := waitAround(asIs, p.At)
		t.Logf("  %s expected %5.1f capacity %5.1f predicted wait %5.1f min, actual wait (lanes unchanged) %5.1f min, error %+5.1f",
			p.At.In(paris).Format("15:04"), p.Expected, p.Capacity, p.Wait, actual, p.Wait-actual)
	}
	t.Logf("advice: %s / %s", f.Advice.FR, f.Advice.EN)

	if f.Kiosks != 4 || f.CapacityPerMin != 22 {
		t.Errorf("kiosks %d, capacity %.1f/min: want 4 and 22 (defaults, too few busy gaps at 08:40)", f.Kiosks, f.CapacityPerMin)
	}
	if rel := math.Abs(float64(f.ExpectedNext30-actual30)) / float64(actual30); rel > 0.25 {
		t.Errorf("expected_next_30_min %d, actual %d: off by %.0f %%", f.ExpectedNext30, actual30, 100*rel)
	}
	if f.Wait == nil || *f.Wait > 1 {
		t.Errorf("wait at 08:40 %v, want about none", f.Wait)
	}
	if f.MoreLanes < 1 || !f.OpenBefore.After(now) || !f.OpenBefore.Before(clockAt("09:30")) {
		t.Fatalf("advice %+v: want more lanes before the plenary", f.Advice)
	}

	// The peak of the wait with the lanes unchanged, predicted and real.
	var predictedPeak, actualPeak float64
	for _, p := range f.Points {
		predictedPeak = max(predictedPeak, p.Wait)
	}
	for m := range 60 {
		actualPeak = max(actualPeak, waitAround(asIs, now.Add(time.Duration(m)*time.Minute)))
	}
	t.Logf("peak wait with the lanes unchanged: predicted %.1f min, actual %.1f min", predictedPeak, actualPeak)

	// Later, with the queue building: the lanes' speed is now measured.
	later := clockAt("09:15")
	g := Compute(inputAt(later, asIs, lanes))
	t.Logf("forecast at 09:15, lanes unchanged: capacity_per_min %.1f (measured: desk %v, self %v; true 22.0), waiting %d, wait_minutes %.1f (actual %.1f), %s",
		g.CapacityPerMin, g.Measured[Desk], g.Measured[Self], g.Waiting, deref(g.Wait), waitAround(asIs, later), g.Advice.EN)
	if !g.Measured[Desk] || math.Abs(g.CapacityPerMin-22) > 0.15*22 {
		t.Errorf("capacity at 09:15 %.1f/min (measured %v), want within 15 %% of 22", g.CapacityPerMin, g.Measured)
	}

	// What happens when the advice is followed: the extra lanes, desks
	// first (the entrance has 2 more desks and 2 more kiosks), open at
	// the time advised.
	var extra []Mode
	for i := range min(f.MoreLanes, 4) {
		extra = append(extra, []Mode{Desk, Desk, Self, Self}[i])
	}
	advised := forumLanes(2, 2, extra, f.OpenBefore)
	followed := replay(arrivals, advised)
	var followedPeak float64
	lastWait := now
	for m := range 120 {
		at := now.Add(time.Duration(m) * time.Minute)
		w := waitAround(followed, at)
		followedPeak = max(followedPeak, w)
		if w > 1 {
			lastWait = at
		}
	}
	t.Logf("advice followed (%d more lanes at %s): peak wait %.1f min; queue predicted to clear by %s, actually under a minute's wait from %s",
		len(extra), f.OpenBefore.In(paris).Format("15:04"), followedPeak, f.ClearsAt.In(paris).Format("15:04"),
		lastWait.Add(time.Minute).In(paris).Format("15:04"))
	if f.MoreLanes <= 4 && followedPeak > 2*TargetWait.Minutes() {
		t.Errorf("with the advice followed the wait still peaks at %.1f min", followedPeak)
	}
}
