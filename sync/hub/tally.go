package hub

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// tally keeps the counts organisers watch, updated scan by scan in memory
// so that thousands of scans a second cost no query. It is rebuilt from
// the store when the hub starts.
//
// Kiosks that were offline from each other may both admit one badge: the
// hub keeps both scans, counts the attendee once per checkpoint and orders
// each attendee's admitted scans by kiosk time, earliest first.
type tally struct {
	mu          sync.Mutex
	version     int64
	categoryOf  map[string]kiosk.Category
	registered  map[kiosk.Category]int
	checkpoints map[string]kiosk.Checkpoint
	// where[checkpoint][attendee] holds that attendee's admitted scans there.
	where     map[string]map[string]*visits
	checkedIn map[string]int // by checkpoint
	inside    map[string]int // by checkpoint
	// entranceByCategory counts distinct attendees admitted at the entrance.
	entranceByCategory map[kiosk.Category]int
	doubles            int
	byVerdict          map[kiosk.Verdict]int
	// arrivals counts attendees by the bucket (Unix seconds of its start)
	// of their first admission at the entrance each day. It follows each
	// attendee's earliest entry of the day, so an undo or a late scan with
	// an earlier kiosk time moves the attendee to another bucket rather
	// than counting twice; the second morning is an arrival of its own.
	arrivals map[int64]int
	// zone is the event's time zone, where its days begin.
	zone *time.Location
	// members of the General Meeting, and the first time each meeting
	// reached its quorum (see meeting.go).
	members        []kiosk.Member
	reachedAt      map[string]time.Time
	unsavedReached map[string]time.Time
}

// visits are one attendee's admitted scans at one checkpoint, by kiosk time.
type visits struct {
	scans   []visit
	inside  bool
	doubles int
}

type visit struct {
	at    time.Time
	id    string
	kiosk string
	dir   kiosk.Direction
	// day is at's date in the event's zone, worked out once: comparing
	// days scan by scan was most of the tally's cost.
	day int32
}

// dayOf is t's date in zone as one comparable number; the same day
// gives the same number, as kiosk.SameDay says.
func dayOf(t time.Time, zone *time.Location) int32 {
	y, m, d := t.In(zone).Date()
	return int32(y)*10000 + int32(m)*100 + int32(d)
}

// admission is the visit as kiosk.DoubleEntry reads it.
func (s visit) admission() kiosk.Admission {
	return kiosk.Admission{ID: s.id, Kiosk: s.kiosk, Direction: s.dir, At: s.at}
}

// newTally returns an empty tally for an event in zone (nil: UTC).
func newTally(zone *time.Location) *tally {
	if zone == nil {
		zone = time.UTC
	}
	return &tally{
		zone:               zone,
		categoryOf:         make(map[string]kiosk.Category),
		registered:         make(map[kiosk.Category]int),
		checkpoints:        make(map[string]kiosk.Checkpoint),
		where:              make(map[string]map[string]*visits),
		checkedIn:          make(map[string]int),
		inside:             make(map[string]int),
		entranceByCategory: make(map[kiosk.Category]int),
		byVerdict:          make(map[kiosk.Verdict]int),
		arrivals:           make(map[int64]int),
		reachedAt:          make(map[string]time.Time),
		unsavedReached:     make(map[string]time.Time),
	}
}

// setRoster replaces the attendees' categories (after an import).
func (t *tally) setRoster(categories map[string]kiosk.Category) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.categoryOf = categories
	clear(t.registered)
	for _, c := range categories {
		t.registered[c]++
	}
	clear(t.entranceByCategory)
	for att := range t.where[kiosk.EntranceID] {
		t.entranceByCategory[t.categoryOf[att]]++
	}
	t.version++
}

func (t *tally) setCheckpoints(cps []kiosk.Checkpoint) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range cps {
		t.checkpoints[c.ID] = c
	}
	t.version++
}

// add counts stored scans; every call makes a new version, whether or not
// a count changed.
func (t *tally) add(scans []hubstore.Scan) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range scans {
		t.byVerdict[s.Verdict]++
		if s.Verdict != kiosk.VerdictAccepted || s.AttendeeID == "" {
			continue
		}
		if s.Undoes != "" {
			// A desk's undo: the admission it cancels never happened, for
			// the counts. The undo itself is not an exit.
			t.undo(s)
			continue
		}
		byAtt := t.where[s.Checkpoint]
		if byAtt == nil {
			byAtt = make(map[string]*visits)
			t.where[s.Checkpoint] = byAtt
		}
		v := byAtt[s.AttendeeID]
		if v == nil {
			v = &visits{}
			byAtt[s.AttendeeID] = v
		}
		t.change(s.Checkpoint, s.AttendeeID, v, func() {
			v.insert(visit{at: s.At, id: s.ID, kiosk: s.Kiosk, dir: s.Direction, day: dayOf(s.At, t.zone)})
		})
	}
	t.version++
}

// change applies fn to one attendee's visits at a checkpoint and carries
// what it changed into the totals.
func (t *tally) change(checkpoint, attendee string, v *visits, fn func()) {
	wasIn, wasInside, wasDoubles := v.admitted(), v.inside, v.doubles
	var wasFirsts []time.Time
	if checkpoint == kiosk.EntranceID {
		wasFirsts = v.dayFirsts()
	}
	fn()
	if checkpoint == kiosk.EntranceID {
		firsts := v.dayFirsts()
		for _, f := range wasFirsts {
			if !slices.ContainsFunc(firsts, f.Equal) {
				t.moveArrival(f, time.Time{})
			}
		}
		for _, f := range firsts {
			if !slices.ContainsFunc(wasFirsts, f.Equal) {
				t.moveArrival(time.Time{}, f)
			}
		}
	}
	switch isIn := v.admitted(); {
	case !wasIn && isIn:
		t.checkedIn[checkpoint]++
		if checkpoint == kiosk.EntranceID {
			t.entranceByCategory[t.categoryOf[attendee]]++
		}
	case wasIn && !isIn:
		t.checkedIn[checkpoint]--
		if checkpoint == kiosk.EntranceID {
			t.entranceByCategory[t.categoryOf[attendee]]--
		}
	}
	t.inside[checkpoint] += b2i(v.inside) - b2i(wasInside)
	t.doubles += v.doubles - wasDoubles
}

// undo removes the admission an undo cancels.
func (t *tally) undo(s hubstore.Scan) {
	v := t.where[s.Checkpoint][s.AttendeeID]
	if v == nil {
		return
	}
	t.change(s.Checkpoint, s.AttendeeID, v, func() { v.remove(s.Undoes) })
}

// moveArrival moves one attendee's arrival from the bucket of from to the
// bucket of to; a zero time is no arrival.
func (t *tally) moveArrival(from, to time.Time) {
	if !from.IsZero() {
		k := from.Truncate(protocol.ArrivalsBucket).Unix()
		if t.arrivals[k]--; t.arrivals[k] <= 0 {
			delete(t.arrivals, k)
		}
	}
	if !to.IsZero() {
		t.arrivals[to.Truncate(protocol.ArrivalsBucket).Unix()]++
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// admitted reports whether the attendee ever entered.
func (v *visits) admitted() bool {
	for _, s := range v.scans {
		if s.dir == kiosk.In {
			return true
		}
	}
	return false
}

// dayFirsts are the kiosk times of the attendee's earliest entry of each
// day, in order.
func (v *visits) dayFirsts() []time.Time {
	var out []time.Time
	var last int32
	for _, s := range v.scans {
		if s.dir == kiosk.In && (len(out) == 0 || s.day != last) {
			out, last = append(out, s.at), s.day
		}
	}
	return out
}

// insert adds a scan in kiosk-time order and recomputes what it implies:
// inside is the direction of the latest scan; a double entry is an entry
// following an entry of another kiosk the same day with no exit between
// (nobody scans out of the venue at night).
func (v *visits) insert(s visit) {
	i, _ := slices.BinarySearchFunc(v.scans, s, func(a, b visit) int {
		return a.admission().Compare(b.admission())
	})
	v.scans = slices.Insert(v.scans, i, s)
	v.recompute()
}

// recompute derives inside and double entries from the scans.
func (v *visits) recompute() {
	v.inside = len(v.scans) > 0 && kiosk.Inside(v.scans[len(v.scans)-1].dir)
	v.doubles = 0
	for j := 1; j < len(v.scans); j++ {
		if v.double(j) {
			v.doubles++
		}
	}
}

// double reports whether scan j repeats the entry before it, by the one
// rule, kiosk.DoubleEntry, on the days the tally already worked out.
func (v *visits) double(j int) bool {
	prev, cur := v.scans[j-1], v.scans[j]
	return kiosk.DoubleEntrySameDay(kiosk.Admission{Kiosk: prev.kiosk, Direction: prev.dir},
		kiosk.Admission{Kiosk: cur.kiosk, Direction: cur.dir}, prev.day == cur.day)
}

// remove drops the scan with that id, if any, and recomputes.
func (v *visits) remove(id string) {
	i := slices.IndexFunc(v.scans, func(s visit) bool { return s.id == id })
	if i < 0 {
		return
	}
	v.scans = slices.Delete(v.scans, i, i+1)
	v.recompute()
}

// DoubleEntry is an attendee admitted at one checkpoint by two kiosks that
// did not know of each other's scan.
type DoubleEntry struct {
	AttendeeID string    `json:"attendee_id"`
	Checkpoint string    `json:"checkpoint"`
	FirstScan  string    `json:"first_scan"`
	FirstKiosk string    `json:"first_kiosk"`
	FirstAt    time.Time `json:"first_at"`
	SecondScan string    `json:"second_scan"`
	Kiosk      string    `json:"kiosk"`
	At         time.Time `json:"at"`
}

func (t *tally) doubleEntries() []DoubleEntry {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []DoubleEntry
	for cp, byAtt := range t.where {
		for att, v := range byAtt {
			if v.doubles == 0 {
				continue
			}
			for j := 1; j < len(v.scans); j++ {
				prev, cur := v.scans[j-1], v.scans[j]
				if v.double(j) {
					out = append(out, DoubleEntry{AttendeeID: att, Checkpoint: cp, FirstScan: prev.id, FirstKiosk: prev.kiosk,
						FirstAt: prev.at, SecondScan: cur.id, Kiosk: cur.kiosk, At: cur.at})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b DoubleEntry) int { return a.At.Compare(b.At) })
	return out
}

// snapshot returns the counts; kiosks' statuses are filled by the caller.
func (t *tally) snapshot(now time.Time) protocol.Counts {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := protocol.Counts{
		Version:       t.version,
		CheckedIn:     t.checkedIn[kiosk.EntranceID],
		Inside:        t.inside[kiosk.EntranceID],
		ByCategory:    make(map[string]protocol.CategoryCount, len(kiosk.Categories)),
		ByCheckpoint:  make(map[string]protocol.CheckpointCount, len(t.checkpoints)),
		DoubleEntries: t.doubles,
		ByVerdict:     make(map[string]int, len(kiosk.Verdicts)),
		Kiosks:        []protocol.KioskStatus{},
		Arrivals:      make([]protocol.ArrivalCount, 0, len(t.arrivals)),
		At:            now,
		TimeZone:      t.zone.String(),
	}
	for _, k := range slices.Sorted(maps.Keys(t.arrivals)) {
		c.Arrivals = append(c.Arrivals, protocol.ArrivalCount{At: time.Unix(k, 0).UTC(), Count: t.arrivals[k]})
	}
	for _, cat := range kiosk.Categories {
		c.Registered += t.registered[cat]
		c.ByCategory[string(cat)] = protocol.CategoryCount{Registered: t.registered[cat], CheckedIn: t.entranceByCategory[cat]}
	}
	for _, v := range kiosk.Verdicts {
		c.ByVerdict[string(v)] = t.byVerdict[v]
	}
	for id, cp := range t.checkpoints {
		c.ByCheckpoint[id] = protocol.CheckpointCount{Name: cp.Name, NameEN: cp.NameEN, CheckedIn: t.checkedIn[id], Inside: t.inside[id], Capacity: cp.Capacity}
	}
	t.meetingCounts(c.ByCheckpoint)
	return c
}

// DoubleEntries reads every scan in a hub's store and lists the double
// entries, for exports made while no hub runs; days begin at midnight in
// zone.
func DoubleEntries(ctx context.Context, st *hubstore.Store, zone *time.Location) ([]DoubleEntry, error) {
	t := newTally(zone)
	var cursor int64
	for {
		scans, err := st.ScansSince(ctx, cursor, 10_000)
		if err != nil {
			return nil, err
		}
		if len(scans) == 0 {
			return t.doubleEntries(), nil
		}
		t.add(scans)
		cursor = scans[len(scans)-1].Cursor
	}
}
