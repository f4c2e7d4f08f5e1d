package kiosk

import (
	"fmt"
	"strings"
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
	// Note is shown to staff; a non-empty note flags the scan for attention.
	Note string
}

// Name is the attendee's name as shown on screens and badges.
func (a Attendee) Name() string {
	return strings.TrimSpace(a.FirstName + " " + a.LastName)
}

// Validate checks what every attendee must have, whatever its source.
func (a Attendee) Validate() error {
	if strings.TrimSpace(a.ID) == "" {
		return fmt.Errorf("empty id")
	}
	if len(a.ID) > MaxIDLength {
		return fmt.Errorf("id longer than %d bytes", MaxIDLength)
	}
	if strings.TrimSpace(a.FirstName) == "" && strings.TrimSpace(a.LastName) == "" {
		return fmt.Errorf("first_name and last_name are both empty")
	}
	return nil
}

// MaxIDLength bounds attendee ids so that a signed token always fits a small
// QR code (see TokenMaxBytes).
const MaxIDLength = 32
