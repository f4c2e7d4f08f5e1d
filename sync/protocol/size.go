package protocol

import "unicode/utf8"

// PageBudget is the most the hub puts in one page of roster, checkpoints
// or revocations, by the items' Size: pages are cut by size, not by count,
// so that no page can pass MaxFrameBytes whatever the notes hold; the rest
// of the frame covers the envelope and the estimate's own slack.
const PageBudget = MaxFrameBytes * 3 / 4

// jsonStringSize is the most bytes s takes as a JSON string, quotes
// included, as Encode writes it (no HTML escaping; U+2028 and U+2029
// escaped).
func jsonStringSize(s string) int {
	n := 2 + len(s)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			n++
		case c < 0x20:
			n += 5
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				n += 5 // written as \ufffd (Encode refuses it anyway)
			case r == '\u2028' || r == '\u2029':
				n += 3
			}
			i += size
			continue
		}
		i++
	}
	return n
}

// fieldsOverhead bounds the keys, colons, commas, braces and numbers of one
// item.
const fieldsOverhead = 256

// Size is an upper bound of the attendee's size in a frame.
func (w WireAttendee) Size() int {
	n := fieldsOverhead
	for _, s := range []string{w.ID, w.FirstName, w.LastName, w.Organisation, string(w.Category), w.Country,
		string(w.Language), w.Code, w.CodeHash, w.Note, w.Badge} {
		n += jsonStringSize(s)
	}
	return n
}

// Size is an upper bound of the checkpoint's size in a frame.
func (w WireCheckpoint) Size() int {
	n := fieldsOverhead + 2*len(`"2006-01-02T15:04:05.999999999+00:00"`)
	for _, s := range []string{w.ID, w.Name, w.NameEN, string(w.Kind), w.Room} {
		n += jsonStringSize(s)
	}
	for _, c := range w.Categories {
		n += jsonStringSize(string(c)) + 1
	}
	return n
}

// Size is an upper bound of the revocation's size in a frame.
func (r Revocation) Size() int {
	return fieldsOverhead + jsonStringSize(r.AttendeeID) + jsonStringSize(r.Reason)
}

// Fit returns how many of the first items, by their sizes, fit budget:
// at least one, so that a page always moves on.
func Fit(n int, size func(i int) int, budget int) int {
	total := 0
	for i := range n {
		total += size(i)
		if total > budget && i > 0 {
			return i
		}
	}
	return n
}
