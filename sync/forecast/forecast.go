// Package forecast predicts the queue at an entrance: how many people are
// about to arrive, how fast the open lanes admit them, how long the wait
// will be, and how many lanes to open before when. It is pure arithmetic on
// figures the hub already keeps, with the clock given as an input, so a
// replayed morning gives the same forecast every time.
package forecast

import (
	"math"
	"slices"
	"time"
)

// Mode is how a lane admits people.
type Mode string

// The lanes an entrance has.
const (
	Desk Mode = "desk" // staffed: a person checks the badge, finds names, prints
	Self Mode = "self" // self-service: the attendee scans their own badge
)

// DefaultRate is each mode's admissions per minute per kiosk until enough
// of the day's own scans were measured: a staffed desk admits about one
// person every 8 s, a self-service kiosk one every 15 to 20 s (the Forum's
// own figures from earlier years).
var DefaultRate = map[Mode]float64{Desk: 7.5, Self: 3.5}

// Tuning of the forecast; the why of each is beside it.
const (
	// NoShowShare is the share of registered people expected not to come.
	// Free professional events registered in advance lose 15 to 25 % of
	// their registrants; the Forum's ~1,500 visitors were counted from
	// people who came, so the middle of that range is the fairer guess.
	NoShowShare = 0.2
	// CapacityWindow is how far back lanes' speed is measured.
	CapacityWindow = 15 * time.Minute
	// ArrivalsWindow is how far back the arrival rate is measured.
	ArrivalsWindow = 5 * time.Minute
	// BusyGaps is the longest time between two admissions at one kiosk
	// that still means the next person was waiting, as a multiple of the
	// mode's default time per person: longer gaps hold idle time, which
	// says nothing of how fast the lane can go.
	BusyGaps = 2.5
	// MinBusyGaps is how many busy gaps a mode needs before its measured
	// speed replaces the default, and BusyShare the share of its gaps that
	// must be busy: a lane that mostly waits for people has gaps made of
	// idle time, too, and would look slower than it is.
	MinBusyGaps = 20
	BusyShare   = 0.8
	// TargetWait is the longest wait the advice accepts before it asks for
	// more lanes.
	TargetWait = 5 * time.Minute
	// Horizon is how far ahead the queue is simulated and charted.
	Horizon = 60 * time.Minute
	// Step is the chart's bucket.
	Step = 5 * time.Minute
)

// profile is the share of a day's comers arrived by a given number of
// minutes from the opening plenary: one sixth in the hour before the last
// half hour, two thirds in the last half hour, one sixth in the hour after.
// The Forum's fact behind it: two thirds of visitors arrive in the 30
// minutes before the opening plenary. Within that half hour the rate rises
// (a fifth, then 35 %, then 45 % of it by ten-minute thirds), as people
// time their arrival on the start.
var profile = []struct{ minutes, share float64 }{
	{-90, 0},
	{-30, 1.0 / 6},
	{-20, 1.0/6 + 2.0/3*0.20},
	{-10, 1.0/6 + 2.0/3*0.55},
	{0, 5.0 / 6},
	{60, 1},
}

// arrivedShare is the profile's share of comers arrived by t.
func arrivedShare(t, plenary time.Time) float64 {
	m := t.Sub(plenary).Minutes()
	if m <= profile[0].minutes {
		return 0
	}
	for i := 1; i < len(profile); i++ {
		a, b := profile[i-1], profile[i]
		if m <= b.minutes {
			return a.share + (b.share-a.share)*(m-a.minutes)/(b.minutes-a.minutes)
		}
	}
	return 1
}

// Admission is one accepted entry at the entrance.
type Admission struct {
	At    time.Time
	Kiosk string
	Mode  Mode
}

// Input is what the hub knows of one entrance at Now.
type Input struct {
	Now time.Time
	// Zone is the event's time zone, for the advice's clock times.
	Zone *time.Location
	// Plenary is the start of the plenary the day's arrivals aim at; zero
	// when none is ahead (the arrival rate then simply goes on).
	Plenary time.Time
	// Registered is how many people may come through this entrance today.
	Registered int
	// Arrived is how many of them were admitted here today.
	Arrived int
	// Recent are the admissions here over at least CapacityWindow.
	Recent []Admission
	// Lanes are the kiosks online here, by mode.
	Lanes map[Mode]int
}

// Point is one Step of the forecast ahead.
type Point struct {
	At time.Time
	// Expected is how many people are expected to arrive in the step.
	Expected float64
	// Capacity is how many the open lanes can admit in the step.
	Capacity float64
	// Wait is the predicted wait, in minutes, of someone arriving at At;
	// negative when no lane is open.
	Wait float64
}

// Forecast is the queue ahead of one entrance.
type Forecast struct {
	ArrivalsPerMin float64
	CapacityPerMin float64
	Kiosks         int
	// ExpectedNext30 is how many people are expected in the next 30 min.
	ExpectedNext30 int
	// Waiting is the estimated number of people queueing now.
	Waiting int
	// Wait is the predicted wait of someone arriving now; nil when no lane
	// is open.
	Wait *float64
	// MoreLanes is how many more lanes keep the wait under TargetWait over
	// the Horizon, to open before OpenBefore: when the queue starts to
	// build with the lanes open now (opened later, they would only chase
	// a queue already long).
	MoreLanes  int
	OpenBefore time.Time
	// ClearsAt is when the queue is predicted to be gone (with the lanes
	// advised); zero when there is no queue ahead.
	ClearsAt time.Time
	// Rates are the admissions per minute per kiosk used, by mode, and
	// whether each was measured (true) or the default.
	Rates    map[Mode]float64
	Measured map[Mode]bool
	Points   []Point
	// Advice says what to do, in French and English.
	Advice Advice
}

// Compute forecasts the queue at one entrance.
func Compute(in Input) Forecast {
	f := Forecast{Rates: make(map[Mode]float64), Measured: make(map[Mode]bool)}
	measured := laneRates(in.Recent, in.Now)
	for _, m := range []Mode{Desk, Self} {
		f.Rates[m] = DefaultRate[m]
		if r, ok := measured[m]; ok {
			f.Rates[m], f.Measured[m] = r, true
		}
	}
	var lanes int
	for m, n := range in.Lanes {
		lanes += n
		f.CapacityPerMin += float64(n) * f.Rates[m]
	}
	f.Kiosks = lanes
	recent := 0
	for _, a := range in.Recent {
		if a.At.After(in.Now.Add(-ArrivalsWindow)) && !a.At.After(in.Now) {
			recent++
		}
	}
	f.ArrivalsPerMin = float64(recent) / ArrivalsWindow.Minutes()

	// Lanes admitting at 80 % of what they can or more have a queue: the
	// profile then says how long it is. Otherwise everyone who came is in.
	expected := int(math.Round(float64(in.Registered) * (1 - NoShowShare)))
	expected = max(expected, in.Arrived)
	if f.CapacityPerMin > 0 && f.ArrivalsPerMin >= 0.8*f.CapacityPerMin && !in.Plenary.IsZero() {
		model := float64(expected) * arrivedShare(in.Now, in.Plenary)
		f.Waiting = max(0, int(math.Round(model))-in.Arrived)
	}
	arrivals := arrivalCurve(in, expected-in.Arrived-f.Waiting, f.ArrivalsPerMin)
	f.ExpectedNext30 = int(math.Round(sum(arrivals[:30])))

	laneRate := DefaultRate[Desk]
	if lanes > 0 {
		laneRate = f.CapacityPerMin / float64(lanes)
	}
	base := simulate(float64(f.Waiting), arrivals, f.CapacityPerMin)
	if f.CapacityPerMin > 0 {
		w := float64(f.Waiting) / f.CapacityPerMin
		f.Wait = &w
	}
	capacity := f.CapacityPerMin
	if base.worst > TargetWait.Minutes() || (f.CapacityPerMin == 0 && sum(arrivals) >= 1) {
		for k := 1; k <= 50; k++ {
			capacity = f.CapacityPerMin + float64(k)*laneRate
			if simulate(float64(f.Waiting), arrivals, capacity).worst <= TargetWait.Minutes() {
				f.MoreLanes = k
				break
			}
		}
		f.OpenBefore = in.Now.Add(time.Duration(max(0, base.over)) * time.Minute).Truncate(Step)
		if f.OpenBefore.Before(in.Now) {
			f.OpenBefore = in.Now
		}
	}
	if run := simulate(float64(f.Waiting), arrivals, capacity); run.clears >= 0 {
		f.ClearsAt = in.Now.Add(time.Duration(run.clears) * time.Minute)
	}
	f.Advice = advise(f, in, sum(arrivals[:int(Horizon.Minutes())]))
	for i := 0; i < int(Horizon/Step); i++ {
		from, to := i*int(Step.Minutes()), (i+1)*int(Step.Minutes())
		p := Point{At: in.Now.Add(time.Duration(from) * time.Minute), Expected: sum(arrivals[from:to]),
			Capacity: f.CapacityPerMin * Step.Minutes(), Wait: -1}
		if f.CapacityPerMin > 0 {
			p.Wait = base.queue[from] / f.CapacityPerMin
		}
		f.Points = append(f.Points, p)
	}
	return f
}

// arrivalCurve is the expected arrivals in each minute from now, for the
// Horizon and as long again (so a queue's clearing can be seen): the
// people still to come, spread along what is left of the profile, or the
// present rate carried on when the profile has nothing left to say.
func arrivalCurve(in Input, remaining int, rate float64) []float64 {
	n := int(2 * Horizon.Minutes())
	out := make([]float64, n)
	if in.Plenary.IsZero() || remaining <= 0 {
		if in.Plenary.IsZero() {
			for i := range out {
				out[i] = rate
			}
		}
		return out
	}
	done := arrivedShare(in.Now, in.Plenary)
	if done >= 1 {
		for i := range out {
			out[i] = rate
		}
		return out
	}
	prev := done
	for i := range out {
		cur := arrivedShare(in.Now.Add(time.Duration(i+1)*time.Minute), in.Plenary)
		out[i] = float64(remaining) * (cur - prev) / (1 - done)
		prev = cur
	}
	return out
}

// run is a simulated queue, minute by minute.
type run struct {
	queue  []float64 // people waiting at the start of each minute
	worst  float64   // the longest wait, in minutes (Inf with no lane)
	over   int       // the first minute the queue builds (over a minute's wait); -1 never
	clears int       // the first minute after a queue the queue is gone; -1 never
}

// simulate runs the queue as a fluid: each minute the lanes admit up to
// capacity of those waiting and those arriving.
func simulate(waiting float64, arrivals []float64, capacity float64) run {
	r := run{queue: make([]float64, len(arrivals)+1), over: -1, clears: -1}
	q := waiting
	queued := q > 0.5
	for i, a := range arrivals {
		r.queue[i] = q
		wait := math.Inf(1)
		if capacity > 0 {
			wait = q / capacity
		} else if q < 0.5 {
			wait = 0
		}
		if i < int(Horizon.Minutes()) && wait > r.worst {
			r.worst = wait
		}
		if r.over < 0 && wait > 1 {
			r.over = i
		}
		q = max(0, q+a-capacity)
		if q > 0.5 {
			queued = true
		} else if queued && r.clears < 0 {
			r.clears = i + 1
		}
	}
	r.queue[len(arrivals)] = q
	return r
}

// laneRates measures admissions per minute per kiosk, by mode, from the
// busy gaps of the last CapacityWindow: the time from one admission to the
// next at the same kiosk, when short enough to mean someone was waiting.
// A mode with fewer than MinBusyGaps such gaps, or whose lanes were idle
// more than now and then, is left out.
func laneRates(recent []Admission, now time.Time) map[Mode]float64 {
	byKiosk := make(map[string][]Admission)
	for _, a := range recent {
		if a.At.After(now.Add(-CapacityWindow)) && !a.At.After(now) {
			byKiosk[a.Kiosk] = append(byKiosk[a.Kiosk], a)
		}
	}
	gaps, all := make(map[Mode]int), make(map[Mode]int)
	busy := make(map[Mode]time.Duration)
	for _, list := range byKiosk {
		slices.SortFunc(list, func(a, b Admission) int { return a.At.Compare(b.At) })
		for i := 1; i < len(list); i++ {
			all[list[i].Mode]++
			if d := list[i].At.Sub(list[i-1].At); d > 0 && d.Minutes() <= BusyGaps/DefaultRate[list[i].Mode] {
				gaps[list[i].Mode]++
				busy[list[i].Mode] += d
			}
		}
	}
	out := make(map[Mode]float64)
	for m, n := range gaps {
		if n >= MinBusyGaps && float64(n) >= BusyShare*float64(all[m]) {
			out[m] = float64(n) / busy[m].Minutes()
		}
	}
	return out
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}
