package kiosk

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// PayloadKind says what a printed badge carries.
type PayloadKind string

// The payloads a desk can print, best first.
const (
	// PayloadToken is a badge token the hub signed: any kiosk admits it
	// offline with the event's public key.
	PayloadToken PayloadKind = "token"
	// PayloadCode is a walk-in's random code or an outside registration
	// code: kiosks admit it once the roster holding it reached them.
	PayloadCode PayloadKind = "code"
)

// ErrNoBadge is returned when the desk holds nothing a badge could carry
// that kiosks would admit: no signed token (the hub never answered) and no
// code. Printing then would give a badge that does not scan.
var ErrNoBadge = errors.New("no badge payload to print")

// ErrBadgeRevoked is returned when every badge of the attendee is revoked:
// a reprint would be refused at the door.
var ErrBadgeRevoked = errors.New("badge revoked")

// PrintAction says whether staff printed a badge for the first time or
// confirmed a reprint.
type PrintAction string

// The print log's actions.
const (
	PrintFirst   PrintAction = "first"
	PrintReprint PrintAction = "reprint"
)

// PrintRecord is one badge sent to a printer, as the desk's print log keeps
// it. The payload itself is not kept, only a hash that tells whether two
// prints carried the same badge.
type PrintRecord struct {
	AttendeeID  string
	PayloadHash string
	Kind        PayloadKind
	Printer     string
	Job         string
	At          time.Time
	Action      PrintAction
}

// PayloadHash is the print log's fingerprint of a badge payload: 16 hex
// digits of its SHA-256, enough to tell badges apart, useless to forge one.
func PayloadHash(payload string) string {
	sum := sha256.Sum256([]byte(payload))
	return hex.EncodeToString(sum[:8])
}

// AlreadyPrintedError is returned when an attendee's badge was printed
// before and staff have not confirmed a reprint.
type AlreadyPrintedError struct {
	AttendeeID string
	At         time.Time
	Printer    string
}

func (e *AlreadyPrintedError) Error() string {
	return fmt.Sprintf("badge of %q already printed at %s on %q", e.AttendeeID, e.At.Format(time.RFC3339), e.Printer)
}
