package protocol

import (
	"slices"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// WireScan is a scan as it travels to the hub and on to the other kiosks.
// An admission carries its evidence to the hub, which verifies it; relays
// to other kiosks never carry it: what a badge held is no other kiosk's.
type WireScan struct {
	// Seq is the sending kiosk's sequence number within its epoch.
	Seq        int64           `json:"seq"`
	ID         string          `json:"id"`
	Kiosk      string          `json:"kiosk"`
	Checkpoint string          `json:"checkpoint"`
	Direction  kiosk.Direction `json:"direction"`
	Verdict    kiosk.Verdict   `json:"verdict"`
	Reason     string          `json:"reason,omitempty"`
	AttendeeID string          `json:"attendee_id,omitempty"`
	// At is the kiosk's clock when it decided.
	At         time.Time `json:"at"`
	FirstAt    time.Time `json:"first_at,omitzero"`
	FirstKiosk string    `json:"first_kiosk,omitempty"`
	// Undoes names the check-in this scan cancels (a desk's undo).
	Undoes string `json:"undoes,omitempty"`
	// Evidence is, on an accepted scan sent to the hub, what admitted the
	// attendee: the badge's payload (a signed token or an outside code),
	// EvidenceManual for a desk's check-in by hand, EvidenceUndo for an
	// undo. Empty on refusals and on relays.
	Evidence string `json:"evidence,omitempty"`
}

// FromScan makes the wire form of a stored scan and its outbox sequence.
func FromScan(seq int64, s kiosk.Scan) WireScan {
	return WireScan{
		Seq:        seq,
		ID:         s.ID,
		Kiosk:      s.Kiosk,
		Checkpoint: s.Checkpoint,
		Direction:  s.Direction,
		Verdict:    s.Verdict,
		Reason:     s.Reason,
		AttendeeID: s.AttendeeID,
		At:         s.At,
		FirstAt:    s.FirstAt,
		FirstKiosk: s.FirstKiosk,
		Undoes:     s.Undoes,
		Evidence:   evidence(s),
	}
}

// evidence is what a kiosk shows the hub for a scan: the payload that
// admitted someone, nothing for a refusal (it changes no count).
func evidence(s kiosk.Scan) string {
	if s.Verdict != kiosk.VerdictAccepted {
		return ""
	}
	return s.Payload
}

// Scan returns the domain scan; its Payload is empty since none travels.
func (w WireScan) Scan() kiosk.Scan {
	return kiosk.Scan{
		ID:         w.ID,
		Kiosk:      w.Kiosk,
		Checkpoint: w.Checkpoint,
		Direction:  w.Direction,
		Verdict:    w.Verdict,
		Reason:     w.Reason,
		AttendeeID: w.AttendeeID,
		At:         w.At,
		FirstAt:    w.FirstAt,
		FirstKiosk: w.FirstKiosk,
		Undoes:     w.Undoes,
	}
}

func (w WireScan) validate() *ValidationError {
	if w.Seq < 1 {
		return invalid("seq", "%d is not a sequence number (they start at 1)", w.Seq)
	}
	if !isScanID(w.ID) {
		return invalid("id", "%.40q is not %d lowercase hex characters", w.ID, scanIDSize)
	}
	if w.Direction != kiosk.In && w.Direction != kiosk.Out {
		return invalid("direction", "unknown direction %.32q (want in or out)", w.Direction)
	}
	if !slices.Contains(kiosk.Verdicts, w.Verdict) {
		return invalid("verdict", "unknown verdict %.32q", w.Verdict)
	}
	if w.Undoes != "" && !isScanID(w.Undoes) {
		return invalid("undoes", "%.40q is not a scan id", w.Undoes)
	}
	return firstError(
		checkString("kiosk", w.Kiosk, nameRule),
		checkString("checkpoint", w.Checkpoint, nameRule),
		checkString("reason", w.Reason, optionalNameRule),
		checkString("attendee_id", w.AttendeeID, stringRule{max: kiosk.MaxIDLength}),
		checkTime("at", w.At),
		checkOptionalTime("first_at", w.FirstAt),
		checkString("first_kiosk", w.FirstKiosk, optionalNameRule),
		checkString("evidence", w.Evidence, evidenceRule),
	)
}

// evidenceRule fits what a kiosk keeps of a payload.
var evidenceRule = stringRule{max: kiosk.MaxStoredPayload, printable: true}

// scanIDSize is the length of kiosk.NewScanID's ids: 128 bits in hex.
const scanIDSize = 32

// isScanID reports whether s looks like kiosk.NewScanID's output. Scan ids
// are the hub's idempotency keys: one spelling per id, so no upper case.
func isScanID(s string) bool {
	if len(s) != scanIDSize {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// ScanBatch carries scans from a kiosk's outbox, oldest first.
type ScanBatch struct {
	// Epoch changes when a kiosk's store is wiped, so that its sequence
	// numbers may start again at 1.
	Epoch string     `json:"epoch"`
	Scans []WireScan `json:"scans"`
}

// Type implements Message.
func (ScanBatch) Type() string { return typeScans }

func (b ScanBatch) validate() *ValidationError {
	if verr := checkString("epoch", b.Epoch, nameRule); verr != nil {
		return verr
	}
	if len(b.Scans) == 0 || len(b.Scans) > MaxBatch {
		return invalid("scans", "%d scans (want 1 to %d)", len(b.Scans), MaxBatch)
	}
	for i, s := range b.Scans {
		if verr := s.validate(); verr != nil {
			return verr.under(item("scans", i))
		}
		// The hub acknowledges the highest sequence stored: a batch out of
		// order would let it acknowledge a scan it never saw.
		if i > 0 && s.Seq <= b.Scans[i-1].Seq {
			return invalid(item("scans", i)+".seq", "%d does not follow %d", s.Seq, b.Scans[i-1].Seq)
		}
	}
	return nil
}

// Ack tells a kiosk that the hub has stored every scan of Epoch up to Seq,
// so its outbox rows up to Seq may go.
type Ack struct {
	Epoch string `json:"epoch"`
	Seq   int64  `json:"seq"`
}

// Type implements Message.
func (Ack) Type() string { return typeAck }

func (a Ack) validate() *ValidationError {
	return firstError(checkString("epoch", a.Epoch, nameRule), checkNonNegative("seq", a.Seq))
}

// SeenScan is another kiosk's scan the hub accepted, relayed so that a badge
// used at one door is known at the others.
type SeenScan struct {
	// Cursor is the hub's relay position, increasing over the whole hub; a
	// kiosk resumes from the highest it applied (Hello.SeenCursor).
	Cursor int64 `json:"cursor"`
	WireScan
	// HubTime is when the hub received the scan.
	HubTime time.Time `json:"hub_time"`
}

// Seen relays scans of other kiosks in cursor order.
type Seen struct {
	// Cursor is how far the kiosk may consider itself up to date. It may be
	// beyond the last scan's cursor, and Scans may be empty: the hub skips
	// the kiosk's own scans but still moves its cursor past them.
	Cursor int64      `json:"cursor"`
	Scans  []SeenScan `json:"scans"`
}

// Type implements Message.
func (Seen) Type() string { return typeSeen }

func (s Seen) validate() *ValidationError {
	if len(s.Scans) > MaxBatch {
		return invalid("scans", "%d scans, more than %d", len(s.Scans), MaxBatch)
	}
	last := int64(0)
	for i, sc := range s.Scans {
		if sc.Cursor <= last {
			if i == 0 {
				return invalid(item("scans", i)+".cursor", "%d is not a cursor (they start at 1)", sc.Cursor)
			}
			return invalid(item("scans", i)+".cursor", "%d does not follow %d", sc.Cursor, last)
		}
		last = sc.Cursor
		if verr := firstError(sc.validate(), checkTime("hub_time", sc.HubTime)); verr != nil {
			return verr.under(item("scans", i))
		}
	}
	if s.Cursor < last {
		return invalid("cursor", "%d is behind its last scan's %d", s.Cursor, last)
	}
	return nil
}
