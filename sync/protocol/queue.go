package protocol

import "time"

// QueueForecast is the queue ahead of one entrance (Counts.Queue), as
// package sync/forecast computes it.
type QueueForecast struct {
	// ArrivalsPerMin are the admissions per minute over the last 5 minutes.
	ArrivalsPerMin float64 `json:"arrivals_per_min"`
	// CapacityPerMin is what the open lanes admit per minute: measured per
	// kiosk over the last 15 minutes, by mode, or a default per mode until
	// enough was measured.
	CapacityPerMin float64 `json:"capacity_per_min"`
	// Kiosks are the desk and self-service kiosks online at the entrance.
	Kiosks            int `json:"kiosks"`
	ExpectedNext30Min int `json:"expected_next_30_min"`
	// WaitMinutes is the predicted wait of someone arriving now; null when
	// no lane is open.
	WaitMinutes *float64 `json:"wait_minutes"`
	// Advice says what to do, in French (the event's first language);
	// AdviceByLang has it in both, for a page that switches language.
	Advice       string `json:"advice"`
	AdviceByLang Advice `json:"advice_by_lang"`
	// Waiting is the estimated number of people queueing now.
	Waiting int `json:"waiting"`
	// MoreLanes are the lanes to open before OpenBefore.
	MoreLanes  int        `json:"more_lanes"`
	OpenBefore *time.Time `json:"open_before,omitempty"`
	// ClearsAt is when the queue is predicted to be gone.
	ClearsAt *time.Time `json:"clears_at,omitempty"`
	// Plenary is the start the forecast's arrivals aim at.
	Plenary *time.Time `json:"plenary,omitempty"`
	// Points are the next hour, five minutes each, for a chart.
	Points []QueuePoint `json:"points"`
}

// Advice is a forecast's advice in the event's two languages.
type Advice struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// QueuePoint is five minutes of a QueueForecast.
type QueuePoint struct {
	At       time.Time `json:"at"`
	Expected float64   `json:"expected"`
	Capacity float64   `json:"capacity"`
	// WaitMinutes is the predicted wait of someone arriving at At.
	WaitMinutes *float64 `json:"wait_minutes"`
}
