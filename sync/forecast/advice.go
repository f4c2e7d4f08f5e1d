package forecast

import (
	"fmt"
	"time"
)

// Advice is the forecast in plain words, as organisers read it.
type Advice struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// advise words the forecast: lanes to open and by when, when the queue
// clears, or that the lanes suffice. expected is the arrivals over the
// Horizon.
func advise(f Forecast, in Input, expected float64) Advice {
	zone := in.Zone
	if zone == nil {
		zone = time.UTC
	}
	clock := func(t time.Time) string { return t.In(zone).Format("15:04") }
	var a Advice
	switch {
	case f.MoreLanes > 0:
		lanesFR, lanesEN := fmt.Sprintf("%d files de plus", f.MoreLanes), fmt.Sprintf("%d more lanes", f.MoreLanes)
		if f.MoreLanes == 1 {
			lanesFR, lanesEN = "1 file de plus", "1 more lane"
		}
		if f.Kiosks == 0 {
			lanesFR, lanesEN = fmt.Sprintf("%d files", f.MoreLanes), fmt.Sprintf("%d lanes", f.MoreLanes)
			if f.MoreLanes == 1 {
				lanesFR, lanesEN = "1 file", "1 lane"
			}
		}
		if f.OpenBefore.After(in.Now) {
			a.FR = fmt.Sprintf("Ouvrez %s avant %s", lanesFR, clock(f.OpenBefore))
			a.EN = fmt.Sprintf("Open %s before %s", lanesEN, clock(f.OpenBefore))
		} else {
			a.FR = fmt.Sprintf("Ouvrez %s dès maintenant", lanesFR)
			a.EN = fmt.Sprintf("Open %s now", lanesEN)
		}
		if !f.ClearsAt.IsZero() {
			a.FR += fmt.Sprintf("\u00a0; la file se résorbe alors vers %s", clock(f.ClearsAt))
			a.EN += fmt.Sprintf("; the queue then clears by %s", clock(f.ClearsAt))
		}
	case f.MoreLanes == 0 && f.CapacityPerMin == 0 && expected < 1:
		a.FR, a.EN = "Aucune arrivée attendue dans l’heure", "No arrivals expected within the hour"
	case f.CapacityPerMin == 0:
		a.FR, a.EN = "Aucune file ouverte\u00a0: ouvrez-en une", "No lane open: open one"
	case !f.ClearsAt.IsZero():
		a.FR = fmt.Sprintf("Files suffisantes\u00a0: la file se résorbe vers %s", clock(f.ClearsAt))
		a.EN = fmt.Sprintf("Enough lanes: the queue clears by %s", clock(f.ClearsAt))
	default:
		a.FR = fmt.Sprintf("Files suffisantes\u00a0: moins de %d\u00a0min d’attente dans l’heure", int(TargetWait.Minutes()))
		a.EN = fmt.Sprintf("Enough lanes: under %d min wait within the hour", int(TargetWait.Minutes()))
	}
	return a
}
