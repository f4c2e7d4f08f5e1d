package roster

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/accueil/accueil/kiosk"
)

// Attendees is what ReadAttendees found in a roster file.
type Attendees struct {
	Attendees []kiosk.Attendee // the good rows, in file order
	Problems  []Problem        // every bad row, each with its line and reason
	Warnings  []string         // e.g. `unknown column "badge_colour" ignored`
	Encoding  string           // "utf-8", "utf-8 with BOM" or "windows-1252"
	Delimiter rune
}

// attendeeColumns are the roster columns of CONTRACT.md.
var attendeeColumns = []string{"id", "first_name", "last_name", "organisation", "category", "country", "language", "email", "code", "note", "votes", "proxy_for"}

// Indexes in attendeeColumns.
const (
	aID = iota
	aFirstName
	aLastName
	aOrganisation
	aCategory
	aCountry
	aLanguage
	aEmail
	aCode
	aNote
	aVotes
	aProxyFor
)

func attendeeHeader(h header) error {
	if _, ok := h.index["id"]; !ok {
		return fmt.Errorf("no %q column in the header (found %s)", "id", h.describe())
	}
	_, first := h.index["first_name"]
	_, last := h.index["last_name"]
	if !first && !last {
		return fmt.Errorf("neither a %q nor a %q column in the header (found %s)", "first_name", "last_name", h.describe())
	}
	return nil
}

// describe lists the header's names for an error message, so that a
// misspelt column is easy to spot.
func (h header) describe() string {
	var names []string
	for _, n := range h.names {
		if n != "" {
			names = append(names, fmt.Sprintf("%q", n))
		}
	}
	if len(names) == 0 {
		return "no named column"
	}
	return strings.Join(names, ", ")
}

// ReadAttendees parses a whole roster. progress (may be nil) is called every
// 1,000 rows and at the end with the rows read so far.
//
// It returns an error only when the file as a whole cannot be used (no header
// row, no id column, neither first_name nor last_name column, an I/O error);
// bad rows go in Problems. A row is bad as a whole: none of its cells is
// imported, so that a half-read person never reaches the kiosks.
func ReadAttendees(r io.Reader, progress func(rows int)) (Attendees, error) {
	var out Attendees
	text, encoding, warnings, err := readInput(r)
	if err != nil {
		return out, fmt.Errorf("reading roster: %w", err)
	}
	out.Encoding = encoding
	s, err := openSheet(text, attendeeColumns, attendeeHeader, progress)
	out.Delimiter = s.delimiter
	if err != nil {
		out.Warnings = append(warnings, s.warnings...)
		return out, fmt.Errorf("roster: %w", err)
	}

	// Sized from the line count, which suits real rosters; bounded because a
	// file of blank lines has many lines and no rows.
	rows := min(strings.Count(text, "\n")+1, 1<<17)
	out.Attendees = make([]kiosk.Attendee, 0, rows)
	ids := make(map[string]int, rows)
	codes := map[string]int{}
	out.Attendees = eachRow(s, out.Attendees, func(rw *row, line int) kiosk.Attendee {
		a := readAttendee(rw)
		if a.ID != "" {
			rw.claim(ids, "id", a.ID, line)
		}
		if a.Code != "" {
			rw.claim(codes, "code", a.Code, line)
		}
		return a
	}, kiosk.Attendee.Validate)
	out.Problems = s.problems
	out.Attendees, out.Problems = checkProxies(out.Attendees, out.Problems, ids)
	out.Warnings = append(warnings, s.warnings...)
	return out, nil
}

// readAttendee reads the cells of one row, recording in rw what is wrong.
// Fields stay set even when the row is bad, so that duplicates of a bad row's
// id are still reported against it.
func readAttendee(rw *row) kiosk.Attendee {
	a := kiosk.Attendee{
		ID:           rw.id(aID, kiosk.MaxIDLength),
		FirstName:    rw.text(aFirstName, false),
		LastName:     rw.text(aLastName, false),
		Organisation: rw.text(aOrganisation, false),
		Country:      rw.text(aCountry, false),
		Email:        rw.text(aEmail, false),
		Code:         rw.text(aCode, false),
		// Spreadsheets let a note span lines ("head of delegation" /
		// "call protocol"); the line break is meaningful there.
		Note: rw.text(aNote, true),
	}
	// Every field over its bound is named, with its length and the bound:
	// "note is 3,201 characters, at most 1,000".
	for _, err := range a.LengthErrors() {
		rw.fail("%v", err)
	}
	if a.FirstName == "" && a.LastName == "" && !rw.failed(aFirstName, aLastName) {
		rw.fail("first_name and last_name are both empty")
	}
	var err error
	if a.Category, err = kiosk.ParseCategory(rw.text(aCategory, false)); err != nil {
		rw.fail("column category: %v", err)
	}
	if a.Language, err = kiosk.ParseLanguage(rw.text(aLanguage, false)); err != nil {
		rw.fail("column language: %v", err)
	}
	if a.Email != "" && !looksLikeEmail(a.Email) {
		rw.fail("column email: %q is not an email address", a.Email)
	}
	if v := rw.text(aVotes, false); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > kiosk.MaxVotes {
			rw.fail("column votes: %q is not a whole number of votes between 0 and %d (leave it empty for none)", v, kiosk.MaxVotes)
		}
		a.Votes = max(n, 0)
	}
	a.ProxyFor = rw.idList(aProxyFor, kiosk.MaxProxies)
	if a.ID != "" && slices.Contains(a.Proxies(), a.ID) {
		rw.fail("column proxy_for: %q is the attendee themself", a.ID)
	}
	if extra := rw.s.extraCells(rw.rec); extra != "" {
		rw.fail("%s", extra)
	}
	return a
}

// failed reports whether a reason was already given for one of the columns,
// to avoid piling a consequence on top of its cause.
func (r *row) failed(cols ...int) bool {
	for _, reason := range r.reasons {
		for _, k := range cols {
			if strings.HasPrefix(reason, "column "+r.s.known[k]+":") {
				return true
			}
		}
	}
	return false
}
