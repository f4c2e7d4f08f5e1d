package kiosk

import (
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// What the entrance desk records besides badge scans.
const (
	// ManualPayload is the payload of a check-in or check-out that staff
	// made by hand, without a badge.
	ManualPayload = "desk:manual"
	// UndoPayload is the payload of the scan that cancels a check-in.
	UndoPayload = "desk:undo"
)

// UndoWindow is how long after a check-in the desk may still cancel it.
const UndoWindow = 15 * time.Minute

// ReasonUndo marks the exit scan that cancels a check-in made by mistake.
// Everywhere else it is an exit like any other.
const ReasonUndo = "undo"

// ErrCannotUndo is returned, wrapped with the reason, when a scan may not be
// undone.
var ErrCannotUndo = errors.New("cannot undo")

// CheckUndo reports whether kioskName may undo scan s at now: only its own
// admitted entries, less than UndoWindow old. Whether s was relayed from the
// hub or already undone is for the store to tell.
func CheckUndo(s Scan, kioskName string, now time.Time) error {
	switch {
	case s.Kiosk != kioskName:
		return fmt.Errorf("%w: scan %s is not this kiosk's (made by %q)", ErrCannotUndo, s.ID, s.Kiosk)
	case s.Undoes != "":
		return fmt.Errorf("%w: scan %s is not an admitted entry (it is itself an undo)", ErrCannotUndo, s.ID)
	case s.Direction != In || !s.Verdict.Admitted():
		return fmt.Errorf("%w: scan %s is not an admitted entry (%s, %s)", ErrCannotUndo, s.ID, s.Direction, s.Verdict)
	case now.Sub(s.At) >= UndoWindow:
		return fmt.Errorf("%w: scan %s is too old (%s ago; at most %s)", ErrCannotUndo, s.ID,
			now.Sub(s.At).Truncate(time.Second), UndoWindow)
	}
	return nil
}

// Walk-in ids and codes: an id of WalkInIDPrefix and 7 random base32
// characters, a printed code of WalkInCodePrefix and 12 (60 random bits,
// unguessable).
const (
	WalkInIDPrefix   = "W"
	WalkInCodePrefix = "WI-"
)

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// randomBase32 returns n random characters of the RFC 4648 base32 alphabet.
func randomBase32(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand never fails on Linux; if it ever does, nothing unguessable can be made.
		panic(fmt.Sprintf("read random walk-in id: %v", err))
	}
	for i := range b {
		b[i] = base32Alphabet[b[i]&31] // 256 is a multiple of 32: no bias
	}
	return string(b)
}

// NewWalkInID returns a random walk-in attendee id, "W" and 7 characters.
func NewWalkInID() string { return WalkInIDPrefix + randomBase32(7) }

// NewWalkInCode returns a random badge code for a walk-in, "WI-" and 12
// characters; it is printed on the badge and admits like a signed token.
func NewWalkInCode() string { return WalkInCodePrefix + randomBase32(12) }

// NewWalkIn prepares an attendee registered at the desk: every field
// trimmed, category visitor and language French when empty, a fresh ID and
// Code (whatever a carried), then checked with ValidateWalkIn.
func NewWalkIn(a Attendee) (Attendee, error) {
	for _, f := range []*string{&a.FirstName, &a.LastName, &a.Organisation, &a.Country, &a.Email, &a.Note} {
		*f = strings.TrimSpace(*f)
	}
	cat, err := ParseCategory(string(a.Category))
	if err != nil {
		return Attendee{}, err
	}
	lang, err := ParseLanguage(string(a.Language))
	if err != nil {
		return Attendee{}, err
	}
	a.Category, a.Language = cat, lang
	a.ID, a.Code = NewWalkInID(), NewWalkInCode()
	if err := a.ValidateWalkIn(); err != nil {
		return Attendee{}, err
	}
	return a, nil
}

// ValidateWalkIn checks an attendee typed at the desk: what Validate
// checks (the length of every field included), known category and
// language, no control characters, and an email's shape when one is given.
func (a Attendee) ValidateWalkIn() error {
	if err := a.Validate(); err != nil {
		return err
	}
	if !slices.Contains(Categories, a.Category) {
		return fmt.Errorf("unknown category %q", a.Category)
	}
	if a.Language != French && a.Language != English {
		return fmt.Errorf("unknown language %q (want fr or en)", a.Language)
	}
	// Validate bounded every field's length; typed text must also be
	// clean, single-line text.
	for _, f := range []struct{ name, value string }{
		{"first_name", a.FirstName}, {"last_name", a.LastName}, {"organisation", a.Organisation},
		{"country", a.Country}, {"email", a.Email}, {"note", a.Note},
	} {
		if err := checkTyped(f.value); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if a.Email != "" && !emailShaped(a.Email) {
		return fmt.Errorf("email %.64q is not an address (name@domain.tld)", a.Email)
	}
	return nil
}

// checkTyped refuses invalid UTF-8 and control characters.
func checkTyped(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("invalid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("control character %U", r)
		}
	}
	return nil
}

// emailShaped is a shape check, not a deliverability one: one @, something
// before it, a dotted domain after it, no spaces.
func emailShaped(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
	}
	return true
}
