package kiosk

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// Direction says whether a scan is an entry or an exit.
type Direction string

// The directions of a scan.
const (
	In  Direction = "in"
	Out Direction = "out"
)

// ParseDirection reads a -direction flag or a wire value.
func ParseDirection(s string) (Direction, error) {
	switch Direction(s) {
	case In, Out:
		return Direction(s), nil
	}
	return "", fmt.Errorf("unknown direction %q (want in or out)", s)
}

// Verdict is the outcome of a scan, spelled as in every output and export.
type Verdict string

// The verdicts of CONTRACT.md. A successful exit is VerdictAccepted with
// direction out.
const (
	VerdictAccepted         Verdict = "accepted"
	VerdictAlreadyCheckedIn Verdict = "already_checked_in"
	VerdictUnknownBadge     Verdict = "unknown_badge"
	VerdictInvalidSignature Verdict = "invalid_signature"
	VerdictRevoked          Verdict = "revoked"
	VerdictWrongEvent       Verdict = "wrong_event"
	VerdictNotAllowedHere   Verdict = "not_allowed_here"
	VerdictRoomFull         Verdict = "room_full"
	VerdictUnreadable       Verdict = "unreadable"
)

// Verdicts lists every verdict, for counts and validation.
var Verdicts = []Verdict{VerdictAccepted, VerdictAlreadyCheckedIn, VerdictUnknownBadge, VerdictInvalidSignature,
	VerdictRevoked, VerdictWrongEvent, VerdictNotAllowedHere, VerdictRoomFull, VerdictUnreadable}

// Admitted reports whether the person may pass.
func (v Verdict) Admitted() bool { return v == VerdictAccepted }

// Reasons detail a refusal beyond its verdict, for staff and statistics.
const (
	ReasonCategory      = "category"
	ReasonBeforeOpening = "before_opening"
	ReasonAfterClosing  = "after_closing"
	ReasonNotInside     = "not_inside"
	// ReasonNewDay marks an entry admitted although the attendee never left
	// after an entry on an earlier day: nobody scans out of the venue at
	// night, and the second morning is an arrival like the first.
	ReasonNewDay = "new_day"
)

// Scan is one badge presentation and its outcome. Every scan is kept,
// refused ones too: it is an event, never a flag on the attendee.
type Scan struct {
	// ID is random and unique: the idempotency key from kiosk to hub.
	ID         string
	Kiosk      string
	Checkpoint string
	Direction  Direction
	Verdict    Verdict
	Reason     string
	// AttendeeID is empty when the badge named nobody we know.
	AttendeeID string
	// Payload is what was scanned, cut to MaxStoredPayload bytes.
	Payload string
	// At is the kiosk's clock when the scan was decided.
	At time.Time
	// For already_checked_in: the first admitted entry.
	FirstAt    time.Time
	FirstKiosk string
	// Undoes is, on the exit scan that cancels a check-in (reason
	// ReasonUndo), the id of the check-in it cancels.
	Undoes string
}

// MaxStoredPayload bounds what a scan row keeps of its payload: enough to
// audit a forged or foreign badge, never a megabyte of scanner noise.
const MaxStoredPayload = 512

// NewScanID returns a random 128-bit id in hex.
func NewScanID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand never fails on Linux; if it ever does, nothing unique can be made.
		panic(fmt.Sprintf("read random scan id: %v", err))
	}
	return hex.EncodeToString(b[:])
}
