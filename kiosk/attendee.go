package kiosk

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Category is the kind of participant, used for access rules and counts.
type Category string

// The categories a roster may use; an empty cell means CategoryVisitor.
const (
	CategoryVisitor    Category = "visitor"
	CategorySpeaker    Category = "speaker"
	CategoryPress      Category = "press"
	CategoryDelegation Category = "delegation"
	CategoryPartner    Category = "partner"
	CategoryStaff      Category = "staff"
)

// Categories lists every category in a stable order, for counts and forms.
var Categories = []Category{CategoryVisitor, CategorySpeaker, CategoryPress, CategoryDelegation, CategoryPartner, CategoryStaff}

// ParseCategory reads a roster cell; empty means visitor.
func ParseCategory(s string) (Category, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return CategoryVisitor, nil
	}
	for _, c := range Categories {
		if string(c) == s {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown category %q (want one of visitor, speaker, press, delegation, partner, staff)", s)
}

// Language is the language an attendee is greeted in.
type Language string

// The languages of the event; an empty cell means French.
const (
	French  Language = "fr"
	English Language = "en"
)

// ParseLanguage reads a roster cell; empty means French.
func ParseLanguage(s string) (Language, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "fr":
		return French, nil
	case "en":
		return English, nil
	}
	return "", fmt.Errorf("unknown language %q (want fr or en)", s)
}

// Attendee is one person on the roster.
type Attendee struct {
	ID           string
	FirstName    string
	LastName     string
	Organisation string
	Category     Category
	Country      string
	Language     Language
	Email        string
	// Code is a badge code printed by an outside registration system; a
	// payload equal to it admits the attendee like a signed token does.
	Code string
	// CodeHash is CodeHash(event, Code), set in place of Code where the
	// code itself must not be kept: the hub sends only the hash to kiosks
	// other than desks, so that a stolen kiosk's disk holds no badge
	// secret. Empty when the attendee has no code or Code is given.
	CodeHash string
	// Note is shown to staff; a non-empty note flags the scan for attention.
	Note string
	// Votes at the General Meeting (0: not a voting member).
	Votes int
	// ProxyFor holds the ids of the members whose votes this attendee
	// carries by proxy, separated by single spaces (see Proxies): a string
	// rather than a slice keeps Attendee comparable, which walk-ins and
	// change detection rely on.
	ProxyFor string
}

// Name is the attendee's name as shown on screens and badges.
func (a Attendee) Name() string {
	return strings.TrimSpace(a.FirstName + " " + a.LastName)
}

// Validate checks what every attendee must have, whatever its source: an
// id, a name, every text field within its bound (see FieldTooLongError) and
// a well-formed CodeHash.
func (a Attendee) Validate() error {
	if strings.TrimSpace(a.ID) == "" {
		return fmt.Errorf("empty id")
	}
	if len(a.ID) > MaxIDLength {
		return fmt.Errorf("id longer than %d bytes", MaxIDLength)
	}
	if errs := a.LengthErrors(); len(errs) > 0 {
		return errs[0]
	}
	if strings.TrimSpace(a.FirstName) == "" && strings.TrimSpace(a.LastName) == "" {
		return fmt.Errorf("first_name and last_name are both empty")
	}
	if a.CodeHash != "" && !IsCodeHash(a.CodeHash) {
		return fmt.Errorf("code_hash %.72q is not 64 lowercase hex digits", a.CodeHash)
	}
	return a.validateMeeting()
}

// MaxIDLength bounds attendee ids so that a signed token always fits a small
// QR code (see TokenMaxBytes).
const MaxIDLength = 32

// The longest text each field of an attendee may hold, in characters
// (Unicode code points, so a French name is not cut short by its accents).
// They are generous for real people (badges and exports are laid out for
// names of 300 characters) and finite for everything else: every
// kiosk stores, sends and shows these fields, and a roster row or a wire
// message longer than this is a broken export or a hostile peer. The roster
// CSV import, the hub's import, walk-ins typed at the desk and the wire all
// check them through Attendee.Validate or LengthErrors.
const (
	MaxNameLength         = 300 // first_name and last_name, each
	MaxOrganisationLength = 300
	MaxCountryLength      = 100
	MaxEmailLength        = 254 // the longest address SMTP carries (RFC 5321)
	MaxCodeLength         = 128 // far above any registration system's badge code
	MaxNoteLength         = 1000
)

// MaxFieldBytes is the most bytes any bounded text field can take in UTF-8:
// the longest bound, four bytes a character.
const MaxFieldBytes = 4 * MaxNoteLength

// FieldTooLongError says that a text field is longer than its bound.
type FieldTooLongError struct {
	Field  string // as in the roster's header: "note", "first_name"…
	Length int    // in characters
	Max    int
}

func (e *FieldTooLongError) Error() string {
	return fmt.Sprintf("%s is %s characters, at most %s", e.Field, thousands(e.Length), thousands(e.Max))
}

// CheckLength returns a *FieldTooLongError when s has more than limit
// characters, else nil.
func CheckLength(field, s string, limit int) error {
	if len(s) <= limit { // a character takes at least one byte
		return nil
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return &FieldTooLongError{Field: field, Length: n, Max: limit}
	}
	return nil
}

// LengthErrors returns one *FieldTooLongError for each text field longer
// than its bound, in the roster's column order; nil when all fit. (The id
// has its own, tighter bound in bytes: see Validate.)
func (a Attendee) LengthErrors() []error {
	var errs []error
	for _, f := range [...]struct {
		name, value string
		max         int
	}{
		{"first_name", a.FirstName, MaxNameLength},
		{"last_name", a.LastName, MaxNameLength},
		{"organisation", a.Organisation, MaxOrganisationLength},
		{"country", a.Country, MaxCountryLength},
		{"email", a.Email, MaxEmailLength},
		{"code", a.Code, MaxCodeLength},
		{"note", a.Note, MaxNoteLength},
	} {
		if err := CheckLength(f.name, f.value, f.max); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// thousands writes n with a comma every three digits, as the messages
// people read do: "3,201".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
