package hub

// The hub believes a kiosk only as far as its role (protocol.RightsOf):
// every scan a kiosk sends is screened here before it is stored, counted or
// relayed. A kiosk's credential can be stolen, so nothing it says is taken
// on trust: the checkpoint must exist, the attendee must be on the roster,
// an admission must carry its badge's evidence and the evidence must name
// that attendee, manual check-ins and undos come from desks only, an undo
// cancels only the same kiosk's recent entry, and no kiosk sends more
// scans than an honest one could.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"golang.org/x/time/rate"
)

// Quota bounds what one kiosk may send: a token bucket of Burst scans,
// refilled at PerSecond. The defaults let an honest kiosk deliver a day's
// backlog after an outage at once (a busy entrance kiosk scans a few
// thousand badges a day) and scan at any human pace (one badge every 2 s
// at most, kept up all day, is 0.5 a second), while a flood from a stolen
// credential stops after Burst scans, then trickles at PerSecond until the
// kiosk is revoked.
type Quota struct {
	Burst     int
	PerSecond float64
}

// Default quotas: scans, and walk-ins (a desk registers a few hundred a
// day at most; each grows every kiosk's roster).
var (
	DefaultScanQuota   = Quota{Burst: 20_000, PerSecond: 2}
	DefaultWalkInQuota = Quota{Burst: 1_000, PerSecond: 0.2}
	// NoQuota turns quotas off, for load tests that play hundreds of
	// kiosks' worth of scans through a few.
	NoQuota = Quota{Burst: -1}
)

// Bounds of the admission's own memory, whatever clients send.
const (
	// maxVerified bounds the cache of badge tokens already verified: a
	// badge is shown at every door, and Ed25519 verification is the
	// costliest step of ingest.
	maxVerified = 200_000
	// maxBuckets bounds the quota buckets, kept per enrolled kiosk name.
	maxBuckets = 10_000
)

// admission is what the hub checks kiosks' messages against.
type admission struct {
	roster      atomic.Pointer[map[string]hubstore.RosterEntry]
	checkpoints atomic.Pointer[map[string]bool]
	reader      atomic.Pointer[kiosk.BadgeReader]
	scanQuota   Quota
	walkInQuota Quota

	mu       sync.Mutex
	verified map[string]string // token → attendee id
	scans    map[string]*rate.Limiter
	walkIns  map[string]*rate.Limiter
}

func newAdmission(scanQuota, walkInQuota Quota) *admission {
	if scanQuota == (Quota{}) {
		scanQuota = DefaultScanQuota
	}
	if walkInQuota == (Quota{}) {
		walkInQuota = DefaultWalkInQuota
	}
	a := &admission{scanQuota: scanQuota, walkInQuota: walkInQuota,
		verified: make(map[string]string), scans: make(map[string]*rate.Limiter), walkIns: make(map[string]*rate.Limiter)}
	empty := map[string]hubstore.RosterEntry{}
	a.roster.Store(&empty)
	a.setCheckpoints(nil)
	return a
}

func (a *admission) setRoster(r map[string]hubstore.RosterEntry) { a.roster.Store(&r) }

// setCheckpoints replaces the known checkpoints; the entrance always exists.
func (a *admission) setCheckpoints(cps []kiosk.Checkpoint) {
	m := map[string]bool{kiosk.EntranceID: true}
	for _, c := range cps {
		m[c.ID] = true
	}
	a.checkpoints.Store(&m)
}

// setEvent takes the event's current badge keys. Tokens verified with
// keys since replaced are verified again.
func (a *admission) setEvent(ev hubstore.Event) {
	a.reader.Store(kiosk.NewBadgeReader(ev.ID, ev.PublicKeys...))
	a.mu.Lock()
	clear(a.verified)
	a.mu.Unlock()
}

// spend takes n from a kiosk's bucket; when it cannot, nothing is taken
// and wait says when it could.
func (a *admission) spend(buckets map[string]*rate.Limiter, q Quota, name string, n int, now time.Time) (wait time.Duration, ok bool) {
	if q.Burst < 0 {
		return 0, true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	lim := buckets[name]
	if lim == nil {
		if len(buckets) >= maxBuckets {
			clear(buckets)
		}
		lim = rate.NewLimiter(rate.Limit(q.PerSecond), q.Burst)
		buckets[name] = lim
	}
	if n > q.Burst {
		return time.Hour, false
	}
	r := lim.ReserveN(now, n)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// evidence checks what admitted an attendee: a token of this event that
// names them, or their outside code. It returns the evidence's kind.
func (a *admission) evidence(payload, attendee string, entry hubstore.RosterEntry) (string, bool) {
	p := kiosk.CleanPayload(payload)
	a.mu.Lock()
	id, seen := a.verified[p]
	a.mu.Unlock()
	if seen {
		return hubstore.EvidenceToken, id == attendee
	}
	badge, verdict := a.reader.Load().Read(p)
	switch {
	case verdict != "":
		return "", false
	case badge.AttendeeID != "":
		a.mu.Lock()
		if len(a.verified) >= maxVerified {
			clear(a.verified)
		}
		a.verified[p] = badge.AttendeeID
		a.mu.Unlock()
		return hubstore.EvidenceToken, badge.AttendeeID == attendee
	}
	// Codes are matched as the kiosk matches them: as printed, or in upper
	// case from a scanner typing with Caps Lock on.
	ok := entry.Code != "" && (badge.Code == entry.Code || strings.ToUpper(badge.Code) == entry.Code)
	return hubstore.EvidenceCode, ok
}

// refusal is one scan refused, and why.
type refusal struct {
	reason string
	detail string
}

// screen checks one batch of a kiosk's scans. It returns those to store
// and, for the others, why each was refused. lookup finds a stored scan by
// id (the one an undo cancels).
func (a *admission) screen(k hubstore.Kiosk, scans []protocol.WireScan,
	lookup func(id string) (hubstore.Scan, error)) (kept []hubstore.Scan, refused map[string][]string, first map[string]string, err error) {
	rights := protocol.RightsOf(k.Role)
	roster, checkpoints := *a.roster.Load(), *a.checkpoints.Load()
	kept = make([]hubstore.Scan, 0, len(scans))
	inBatch := make(map[string]int, len(scans)) // scan id → index in kept
	refuse := func(id string, r refusal) {
		if refused == nil {
			refused, first = make(map[string][]string), make(map[string]string)
		}
		if len(refused[r.reason]) == 0 {
			first[r.reason] = r.detail
		}
		refused[r.reason] = append(refused[r.reason], id)
	}
	for _, w := range scans {
		sc := hubstore.Scan{Scan: w.Scan(), Seq: w.Seq}
		// A kiosk speaks for itself only.
		sc.Kiosk = k.Name
		r, err := a.check(k, rights, w, &sc, roster, checkpoints, func(id string) (hubstore.Scan, error) {
			if i, ok := inBatch[id]; ok {
				return kept[i], nil
			}
			return lookup(id)
		})
		if err != nil {
			return nil, nil, nil, err
		}
		if r.reason != "" {
			refuse(w.ID, r)
			continue
		}
		inBatch[sc.ID] = len(kept)
		kept = append(kept, sc)
	}
	return kept, refused, first, nil
}

// check screens one scan, filling in sc.Evidence for an admission.
func (a *admission) check(k hubstore.Kiosk, rights protocol.Rights, w protocol.WireScan, sc *hubstore.Scan,
	roster map[string]hubstore.RosterEntry, checkpoints map[string]bool,
	lookup func(id string) (hubstore.Scan, error)) (refusal, error) {
	if !rights.Scans {
		return refusal{protocol.RefusedRole, "a " + k.Role + " kiosk sends no scans"}, nil
	}
	if !checkpoints[w.Checkpoint] {
		return refusal{protocol.RefusedCheckpoint, fmt.Sprintf("no checkpoint %.64q", w.Checkpoint)}, nil
	}
	var entry hubstore.RosterEntry
	if w.AttendeeID != "" {
		var known bool
		if entry, known = roster[w.AttendeeID]; !known {
			return refusal{protocol.RefusedAttendee, fmt.Sprintf("no attendee %.64q", w.AttendeeID)}, nil
		}
	}
	if w.Verdict != kiosk.VerdictAccepted {
		// A refusal admits nobody and moves no count but its verdict's:
		// it is kept as a statistic, with no evidence.
		sc.Evidence = ""
		return refusal{}, nil
	}
	if w.AttendeeID == "" {
		return refusal{protocol.RefusedAttendee, "an admission names no attendee"}, nil
	}
	switch {
	case w.Undoes != "":
		if !rights.Undo {
			return refusal{protocol.RefusedRole, "a " + k.Role + " kiosk may not undo check-ins"}, nil
		}
		return a.checkUndo(k, w, sc, lookup)
	case w.Evidence == protocol.EvidenceManual:
		if !rights.Manual {
			return refusal{protocol.RefusedRole, "a " + k.Role + " kiosk may not check people in by hand"}, nil
		}
		sc.Evidence = hubstore.EvidenceManual
		return refusal{}, nil
	case w.Evidence == "" || w.Evidence == protocol.EvidenceUndo:
		return refusal{protocol.RefusedEvidence, "an admission without its badge"}, nil
	}
	kind, ok := a.evidence(w.Evidence, w.AttendeeID, entry)
	if !ok {
		return refusal{protocol.RefusedEvidence, fmt.Sprintf("the badge shown does not admit attendee %.64q", w.AttendeeID)}, nil
	}
	sc.Evidence = kind
	return refusal{}, nil
}

// checkUndo lets a desk cancel only its own admitted entry, for the same
// attendee and checkpoint, less than protocol.UndoWindow after it by the
// kiosk's own clock.
func (a *admission) checkUndo(k hubstore.Kiosk, w protocol.WireScan, sc *hubstore.Scan,
	lookup func(id string) (hubstore.Scan, error)) (refusal, error) {
	undone, err := lookup(w.Undoes)
	if errors.Is(err, hubstore.ErrNotFound) {
		return refusal{protocol.RefusedUndo, fmt.Sprintf("no scan %s to undo", w.Undoes)}, nil
	}
	if err != nil {
		return refusal{}, err
	}
	switch {
	case w.Evidence != protocol.EvidenceUndo || w.Direction != kiosk.Out:
		return refusal{protocol.RefusedUndo, "an undo is an exit marked as an undo"}, nil
	case undone.Kiosk != k.Name:
		return refusal{protocol.RefusedUndo, fmt.Sprintf("scan %s is not this kiosk's", w.Undoes)}, nil
	case undone.Verdict != kiosk.VerdictAccepted || undone.Direction != kiosk.In || undone.Undoes != "":
		return refusal{protocol.RefusedUndo, fmt.Sprintf("scan %s is not an admitted entry", w.Undoes)}, nil
	case undone.AttendeeID != w.AttendeeID || undone.Checkpoint != w.Checkpoint:
		return refusal{protocol.RefusedUndo, fmt.Sprintf("scan %s is another attendee's or checkpoint's", w.Undoes)}, nil
	case w.At.Before(undone.At) || w.At.Sub(undone.At) >= protocol.UndoWindow:
		return refusal{protocol.RefusedUndo, fmt.Sprintf("scan %s is more than %s older than its undo", w.Undoes, protocol.UndoWindow)}, nil
	}
	sc.Evidence = hubstore.EvidenceUndo
	return refusal{}, nil
}

// loadRoster reads the roster index for counts and checks.
func (s *Server) loadRoster(ctx context.Context) error {
	idx, err := s.store.RosterIndex(ctx)
	if err != nil {
		return err
	}
	cats := make(map[string]kiosk.Category, len(idx))
	for id, e := range idx {
		cats[id] = e.Category
	}
	// Checks first: a count showing the new roster means scans naming it
	// are admitted too.
	s.admit.setRoster(idx)
	s.tally.setRoster(cats)
	if err := s.loadMembers(ctx); err != nil {
		return err
	}
	return s.loadAlerts(ctx)
}
