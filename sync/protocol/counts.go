package protocol

import (
	"maps"
	"slices"
	"time"
)

// Counts is the hub's live state for dashboards and organiser kiosks, the
// same document GET /api/v1/counts serves. It is state, not a log: a slow
// reader gets the newest Counts and misses nothing by skipping older ones.
// Every count is always written, zeros included, since a zero is a count.
type Counts struct {
	// Version grows with every change, so a reader can drop stale copies.
	Version    int64 `json:"version"`
	Registered int   `json:"registered"`
	// CheckedIn counts distinct attendees admitted at the entrance.
	CheckedIn int `json:"checked_in"`
	Inside    int `json:"inside"`
	// ByCategory is keyed by kiosk.Category.
	ByCategory map[string]CategoryCount `json:"by_category"`
	// ByCheckpoint is keyed by checkpoint id.
	ByCheckpoint map[string]CheckpointCount `json:"by_checkpoint"`
	// Kiosks is every enrolled kiosk's state. The counts pushed to
	// dashboards leave it out (nil): a thousand kiosks are 100 kB that
	// change seldom, so dashboards get them as a KioskList of their own
	// when they change. GET /api/v1/counts and organiser kiosks always
	// have the list.
	Kiosks []KioskStatus `json:"kiosks,omitzero"`
	// DoubleEntries counts attendees admitted more than once by kiosks
	// that were offline from each other.
	DoubleEntries int `json:"double_entries"`
	// ByVerdict counts scans by kiosk.Verdict, refused ones included.
	ByVerdict map[string]int `json:"by_verdict"`
	// Arrivals counts attendees by the ArrivalsBucket in which they were
	// first admitted at the entrance each day (kiosk time), oldest bucket
	// first.
	// Empty buckets are left out: a kiosk with a wrong clock must not make
	// the list years long.
	Arrivals []ArrivalCount `json:"arrivals"`
	At       time.Time      `json:"at"`
	// TimeZone is the event's IANA zone, so that a dashboard anywhere
	// shows the venue's clock.
	TimeZone string `json:"time_zone,omitempty"`
	// Queue is the forecast at each entrance checkpoint, by id.
	Queue map[string]QueueForecast `json:"queue,omitempty"`
	// AlertsVersion grows with every alert raised or acknowledged: a
	// dashboard fetches the alerts when it changes.
	AlertsVersion int64 `json:"alerts_version,omitempty"`
}

// ArrivalsBucket is the width of one Arrivals bucket.
const ArrivalsBucket = 15 * time.Minute

// ArrivalCount is one bucket of Counts.Arrivals.
type ArrivalCount struct {
	// At is the start of the bucket, in UTC.
	At    time.Time `json:"at"`
	Count int       `json:"count"`
}

// CategoryCount is one category's line of Counts.
type CategoryCount struct {
	Registered int `json:"registered"`
	CheckedIn  int `json:"checked_in"`
}

// CheckpointCount is one checkpoint's line of Counts.
type CheckpointCount struct {
	Name      string `json:"name"`
	NameEN    string `json:"name_en,omitempty"`
	CheckedIn int    `json:"checked_in"`
	Inside    int    `json:"inside"`
	// Capacity 0 is unlimited.
	Capacity int `json:"capacity"`
	// Quorum is set for a meeting (a session with a quorum), Speakers for
	// a checkpoint with speakers.
	Quorum   *QuorumCount  `json:"quorum,omitempty"`
	Speakers *SpeakerCount `json:"speakers,omitempty"`
}

// QuorumCount is where a meeting stands, by CONTRACT.md's rules: a member
// both present and represented counts once, as present.
type QuorumCount struct {
	VotesTotal       int  `json:"votes_total"`
	VotesRequired    int  `json:"votes_required"`
	VotesPresent     int  `json:"votes_present"`
	VotesRepresented int  `json:"votes_represented"`
	Reached          bool `json:"reached"`
	// ReachedAt is the first time the quorum was reached, kept even when
	// an undone check-in takes it back below; null when never.
	ReachedAt *time.Time `json:"reached_at"`
}

// SpeakerCount counts a session's speakers and those already admitted at
// an entrance.
type SpeakerCount struct {
	Expected int `json:"expected"`
	Arrived  int `json:"arrived"`
}

// KioskStatus is what the hub knows of one enrolled kiosk.
type KioskStatus struct {
	Name   string `json:"name"`
	Online bool   `json:"online"`
	// LastSeen is zero for a kiosk that never connected.
	LastSeen time.Time `json:"last_seen"`
	Pending  int       `json:"pending"`
	// ClockOffsetMillis is the hub's time minus the kiosk's, as measured at
	// its last hello.
	ClockOffsetMillis int64 `json:"clock_offset_ms"`
	// ClockWrong is set when that offset is past kiosk.ClockTolerance:
	// screens show the hub's judgement rather than a tolerance of their own.
	ClockWrong bool `json:"clock_wrong"`
}

// Type implements Message.
func (Counts) Type() string { return typeCounts }

func (c Counts) validate() *ValidationError {
	if verr := firstError(
		checkNonNegative("version", c.Version),
		checkNonNegative("registered", int64(c.Registered)),
		checkNonNegative("checked_in", int64(c.CheckedIn)),
		checkNonNegative("inside", int64(c.Inside)),
		checkNonNegative("double_entries", int64(c.DoubleEntries)),
		checkOptionalTime("at", c.At),
	); verr != nil {
		return verr
	}
	// Maps are walked in key order so that the same bad document always
	// gives the same error. Keys are checked apart from their values so that
	// a bad key never lands in the error's field path.
	for _, k := range slices.Sorted(maps.Keys(c.ByCategory)) {
		v := c.ByCategory[k]
		if verr := checkString("by_category key", k, nameRule); verr != nil {
			return verr
		}
		if verr := firstError(
			checkNonNegative("registered", int64(v.Registered)),
			checkNonNegative("checked_in", int64(v.CheckedIn)),
		); verr != nil {
			return verr.under("by_category." + k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.ByCheckpoint)) {
		v := c.ByCheckpoint[k]
		if verr := checkString("by_checkpoint key", k, nameRule); verr != nil {
			return verr
		}
		if verr := firstError(
			checkString("name", v.Name, textRule),
			checkNonNegative("checked_in", int64(v.CheckedIn)),
			checkNonNegative("inside", int64(v.Inside)),
			checkNonNegative("capacity", int64(v.Capacity)),
		); verr != nil {
			return verr.under("by_checkpoint." + k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.ByVerdict)) {
		if verr := firstError(
			checkString("by_verdict key", k, nameRule),
			checkNonNegative("by_verdict."+k, int64(c.ByVerdict[k])),
		); verr != nil {
			return verr
		}
	}
	for i, a := range c.Arrivals {
		if verr := firstError(
			checkTime("at", a.At),
			checkNonNegative("count", int64(a.Count)),
		); verr != nil {
			return verr.under(item("arrivals", i))
		}
	}
	return validateKiosks(c.Kiosks)
}

func validateKiosks(list []KioskStatus) *ValidationError {
	for i, k := range list {
		if verr := firstError(
			checkString("name", k.Name, nameRule),
			checkNonNegative("pending", int64(k.Pending)),
			checkOptionalTime("last_seen", k.LastSeen),
		); verr != nil {
			return verr.under(item("kiosks", i))
		}
	}
	return nil
}

// KioskList is every enrolled kiosk's state, pushed to dashboards apart
// from their counts, and only when what a dashboard shows of it changed.
type KioskList struct {
	Kiosks []KioskStatus `json:"kiosks"`
}

// Type implements Message.
func (KioskList) Type() string { return typeKiosks }

func (l KioskList) validate() *ValidationError { return validateKiosks(l.Kiosks) }
