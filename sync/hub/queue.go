package hub

import (
	"maps"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/forecast"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// maxRecent bounds the admissions kept per checkpoint for the forecast:
// far above what 15 minutes at the busiest entrance bring (a few thousand),
// so that a kiosk with a wild clock cannot grow it without end.
const maxRecent = 20_000

// lanes remembers what the queue forecast needs beyond the counts: the
// recent admissions at each checkpoint, and where each kiosk last scanned
// (a kiosk's checkpoint is known to the hub only from its scans).
type lanes struct {
	mu     sync.Mutex
	recent map[string][]laneScan // by checkpoint, in arrival order
	at     map[string]string     // kiosk → checkpoint of its latest scan
	roles  map[string]string     // kiosk → role, as its connections said
}

type laneScan struct {
	at    time.Time
	kiosk string
}

func newLanes() *lanes {
	return &lanes{recent: make(map[string][]laneScan), at: make(map[string]string), roles: make(map[string]string)}
}

// add notes stored scans: every scan tells where its kiosk stands; an
// admission counts toward its lane's speed. What is older than the
// forecast's window is dropped.
func (l *lanes) add(scans []hubstore.Scan, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	horizon := now.Add(-2 * forecast.CapacityWindow)
	for _, s := range scans {
		l.at[s.Kiosk] = s.Checkpoint
		if s.Verdict != kiosk.VerdictAccepted || s.Direction != kiosk.In || s.Undoes != "" || s.At.Before(horizon) {
			continue
		}
		list := append(l.recent[s.Checkpoint], laneScan{at: s.At, kiosk: s.Kiosk})
		drop := 0
		for drop < len(list) && list[drop].at.Before(horizon) {
			drop++
		}
		if len(list)-drop > maxRecent {
			drop = len(list) - maxRecent
		}
		// Re-sliced, not moved: deleting from the front copied the whole
		// window for every admission (a sixth of the hub's processor time
		// at 20,000 scans a second). append copies only the live part when
		// it grows the array, so memory stays within twice the window.
		l.recent[s.Checkpoint] = list[drop:]
	}
}

// modeOf is the forecast's mode for a kiosk's role; false for roles that
// run no entrance lane.
func modeOf(role string) (forecast.Mode, bool) {
	switch role {
	case protocol.RoleDesk:
		return forecast.Desk, true
	case protocol.RoleSelf:
		return forecast.Self, true
	}
	return "", false
}

// checkpointList returns the checkpoints the counts know.
func (t *tally) checkpointList() []kiosk.Checkpoint {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Collect(maps.Values(t.checkpoints))
}

// queueLocked forecasts the queue at each entrance checkpoint from the
// counts c. The caller holds s.mu (the connections say which kiosks are
// online, and their roles).
func (s *Server) queueLocked(c protocol.Counts) map[string]protocol.QueueForecast {
	now, zone := c.At, s.tally.zone
	cps := s.tally.checkpointList()
	var entrances []string
	var plenary time.Time
	for _, cp := range cps {
		switch {
		case cp.Kind == kiosk.KindEntrance:
			entrances = append(entrances, cp.ID)
		case cp.Kind == kiosk.KindSession && len(cp.Categories) == 0 && !cp.StartsAt.IsZero() &&
			kiosk.SameDay(cp.StartsAt, now, zone) && cp.StartsAt.Add(time.Hour).After(now) &&
			(plenary.IsZero() || cp.StartsAt.Before(plenary)):
			// The first session open to all still drawing arrivals today:
			// the day's arrivals aim at it.
			plenary = cp.StartsAt
		}
	}
	if len(entrances) == 0 {
		entrances = []string{kiosk.EntranceID}
	}
	slices.Sort(entrances)

	l := s.lanes
	l.mu.Lock()
	defer l.mu.Unlock()
	online := make(map[string]map[forecast.Mode]int)
	seen := make(map[string]bool)
	for k := range s.kiosks {
		l.roles[k.kiosk.Name] = k.kiosk.Role
		mode, ok := modeOf(k.kiosk.Role)
		if !ok || seen[k.kiosk.Name] {
			continue
		}
		seen[k.kiosk.Name] = true
		cp := l.at[k.kiosk.Name]
		if cp == "" {
			cp = kiosk.EntranceID // where desks and self kiosks start
		}
		if online[cp] == nil {
			online[cp] = make(map[forecast.Mode]int)
		}
		online[cp][mode]++
	}

	// People arrived today, by the entrance's counts (earliest entry of
	// the day), and each entrance's share of them by its recent scans.
	dayStart := startOfDay(now, zone)
	arrived := 0
	for _, a := range c.Arrivals {
		if !a.At.Before(dayStart) {
			arrived += a.Count
		}
	}
	share := make(map[string]float64, len(entrances))
	total := 0
	for _, e := range entrances {
		total += len(l.recent[e])
	}
	for _, e := range entrances {
		share[e] = 1 / float64(len(entrances))
		if total > 0 {
			share[e] = float64(len(l.recent[e])) / float64(total)
		}
	}

	out := make(map[string]protocol.QueueForecast, len(entrances))
	for _, e := range entrances {
		in := forecast.Input{Now: now, Zone: zone, Plenary: plenary, Lanes: online[e],
			Registered: int(math.Round(float64(c.Registered) * share[e])), Arrived: int(math.Round(float64(arrived) * share[e]))}
		for _, r := range l.recent[e] {
			mode, ok := modeOf(l.roles[r.kiosk])
			if ok {
				in.Recent = append(in.Recent, forecast.Admission{At: r.at, Kiosk: r.kiosk, Mode: mode})
			}
		}
		out[e] = wireForecast(forecast.Compute(in), plenary)
	}
	return out
}

// startOfDay is midnight of t's day in zone.
func startOfDay(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, zone)
}

// wireForecast is a forecast as the counts carry it, figures rounded to a
// tenth.
func wireForecast(f forecast.Forecast, plenary time.Time) protocol.QueueForecast {
	q := protocol.QueueForecast{ArrivalsPerMin: tenth(f.ArrivalsPerMin), CapacityPerMin: tenth(f.CapacityPerMin), Kiosks: f.Kiosks,
		ExpectedNext30Min: f.ExpectedNext30, Waiting: f.Waiting, MoreLanes: f.MoreLanes,
		Advice: f.Advice.FR, AdviceByLang: protocol.Advice{FR: f.Advice.FR, EN: f.Advice.EN}, Points: make([]protocol.QueuePoint, 0, len(f.Points))}
	if f.Wait != nil {
		w := tenth(*f.Wait)
		q.WaitMinutes = &w
	}
	q.OpenBefore, q.ClearsAt, q.Plenary = timeOrNil(f.OpenBefore), timeOrNil(f.ClearsAt), timeOrNil(plenary)
	for _, p := range f.Points {
		wp := protocol.QueuePoint{At: p.At.UTC(), Expected: tenth(p.Expected), Capacity: tenth(p.Capacity)}
		if p.Wait >= 0 {
			w := tenth(p.Wait)
			wp.WaitMinutes = &w
		}
		q.Points = append(q.Points, wp)
	}
	return q
}

// tenth rounds to a tenth; what JSON cannot carry (NaN, infinities) is 0,
// so that a freak figure never stops the counts.
func tenth(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return math.Round(x*10) / 10
}

// setRoles notes enrolled kiosks' roles, so that admissions stored before
// a restart count toward their mode's speed before their kiosk is back.
func (l *lanes) setRoles(kiosks []hubstore.Kiosk) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range kiosks {
		l.roles[k.Name] = k.Role
	}
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
