package protocol

import (
	"errors"
	"slices"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// maxRosterAttendees bounds a roster update: far above any event we serve,
// far below what would exhaust a kiosk's memory.
const maxRosterAttendees = 200_000

// WireAttendee is a roster entry as kiosks get it. There is no email: a
// kiosk never needs it, so it never holds it.
type WireAttendee struct {
	ID           string         `json:"id"`
	FirstName    string         `json:"first_name,omitempty"`
	LastName     string         `json:"last_name,omitempty"`
	Organisation string         `json:"organisation,omitempty"`
	Category     kiosk.Category `json:"category"`
	Country      string         `json:"country,omitempty"`
	Language     kiosk.Language `json:"language"`
	Code         string         `json:"code,omitempty"`
	// CodeHash is kiosk.CodeHash(event, code), sent in place of Code to
	// every kiosk but a desk: they admit the badge by its hash and never
	// hold the code itself. At most one of Code and CodeHash is set.
	CodeHash string `json:"code_hash,omitempty"`
	Note     string `json:"note,omitempty"`
	// Badge is the attendee's signed badge token, sent only to desk kiosks
	// (which reprint badges) in roster updates.
	Badge string `json:"badge,omitempty"`
}

// FromAttendee makes the wire form of an attendee, without the email.
func FromAttendee(a kiosk.Attendee) WireAttendee {
	w := WireAttendee{
		ID:           a.ID,
		FirstName:    a.FirstName,
		LastName:     a.LastName,
		Organisation: a.Organisation,
		Category:     a.Category,
		Country:      a.Country,
		Language:     a.Language,
		Code:         a.Code,
		Note:         a.Note,
	}
	if a.Code == "" {
		w.CodeHash = a.CodeHash
	}
	return w
}

// WithoutCode replaces the outside code by its hash for event, for a kiosk
// that must not hold codes (any but a desk).
func (w WireAttendee) WithoutCode(event string) WireAttendee {
	if w.Code != "" {
		w.CodeHash, w.Code = kiosk.CodeHash(event, w.Code), ""
	}
	return w
}

// Attendee returns the domain attendee; its Email is empty.
func (w WireAttendee) Attendee() kiosk.Attendee {
	return kiosk.Attendee{
		ID:           w.ID,
		FirstName:    w.FirstName,
		LastName:     w.LastName,
		Organisation: w.Organisation,
		Category:     w.Category,
		Country:      w.Country,
		Language:     w.Language,
		Code:         w.Code,
		CodeHash:     w.CodeHash,
		Note:         w.Note,
	}
}

func (w WireAttendee) validate() *ValidationError {
	if w.CodeHash != "" && !kiosk.IsCodeHash(w.CodeHash) {
		return invalid("code_hash", "%.72q is not 64 lowercase hex digits", w.CodeHash)
	}
	// The domain's rules, the length of every field included: a hostile
	// peer can send nothing longer than a roster file could hold.
	if err := w.Attendee().Validate(); err != nil {
		var long *kiosk.FieldTooLongError
		if errors.As(err, &long) {
			return invalid(long.Field, "%d characters, at most %d", long.Length, long.Max)
		}
		return invalid("", "%v", err)
	}
	if w.Code != "" && w.CodeHash != "" {
		return invalid("code_hash", "sent with the code it hides")
	}
	if !slices.Contains(kiosk.Categories, w.Category) {
		return invalid("category", "unknown category %.32q", w.Category)
	}
	if w.Language != kiosk.French && w.Language != kiosk.English {
		return invalid("language", "unknown language %.32q (want fr or en)", w.Language)
	}
	for _, f := range []struct{ name, value string }{
		{"id", w.ID}, {"first_name", w.FirstName}, {"last_name", w.LastName}, {"organisation", w.Organisation},
		{"country", w.Country}, {"code", w.Code}, {"note", w.Note},
	} {
		if verr := checkString(f.name, f.value, textRule); verr != nil {
			return verr
		}
	}
	if w.Badge != "" {
		if verr := checkString("badge", w.Badge, tokenRule); verr != nil {
			return verr
		}
	}
	return nil
}

// RosterUpdate sends attendees to a kiosk: those added or changed since the
// kiosk's version, or every one when Full. A large roster does not fit one
// frame (some 5,000 attendees do), so the hub sends it in several updates,
// in change order.
type RosterUpdate struct {
	// Version is the roster version the kiosk holds once it has applied
	// this update: that of the newest change in it. A kiosk cut off halfway
	// through a large roster thus resumes where it stopped.
	Version   int64          `json:"version"`
	Full      bool           `json:"full"`
	Attendees []WireAttendee `json:"attendees"`
}

// Type implements Message.
func (RosterUpdate) Type() string { return typeRoster }

func (r RosterUpdate) validate() *ValidationError {
	if verr := checkNonNegative("version", r.Version); verr != nil {
		return verr
	}
	if len(r.Attendees) > maxRosterAttendees {
		return invalid("attendees", "%d attendees, more than %d", len(r.Attendees), maxRosterAttendees)
	}
	// Ids and outside codes are unique in every store; a duplicate would
	// make the kiosk's import fail halfway or keep an arbitrary one.
	ids := make(map[string]int, len(r.Attendees))
	codes := make(map[string]int)
	hashes := make(map[string]int)
	for i, a := range r.Attendees {
		if verr := a.validate(); verr != nil {
			return verr.under(item("attendees", i))
		}
		if j, dup := ids[a.ID]; dup {
			return invalid(item("attendees", i)+".id", "%q repeats attendees[%d]", a.ID, j)
		}
		ids[a.ID] = i
		if a.Code != "" {
			if j, dup := codes[a.Code]; dup {
				return invalid(item("attendees", i)+".code", "%.64q repeats attendees[%d]", a.Code, j)
			}
			codes[a.Code] = i
		}
		if a.CodeHash != "" {
			if j, dup := hashes[a.CodeHash]; dup {
				return invalid(item("attendees", i)+".code_hash", "%s repeats attendees[%d]", a.CodeHash, j)
			}
			hashes[a.CodeHash] = i
		}
	}
	return nil
}

// WireCheckpoint is a checkpoint as kiosks get it.
type WireCheckpoint struct {
	ID       string               `json:"id"`
	Name     string               `json:"name"`
	NameEN   string               `json:"name_en,omitempty"`
	Kind     kiosk.CheckpointKind `json:"kind"`
	Room     string               `json:"room,omitempty"`
	StartsAt time.Time            `json:"starts_at,omitzero"`
	EndsAt   time.Time            `json:"ends_at,omitzero"`
	// Capacity 0 is unlimited.
	Capacity int `json:"capacity,omitempty"`
	// Categories allowed in; none admits everyone.
	Categories []kiosk.Category `json:"categories,omitempty"`
}

// FromCheckpoint makes the wire form of a checkpoint. Its categories are
// a set: each is named once.
func FromCheckpoint(c kiosk.Checkpoint) WireCheckpoint {
	var cats []kiosk.Category
	for _, cat := range c.Categories {
		if !slices.Contains(cats, cat) {
			cats = append(cats, cat)
		}
	}
	return WireCheckpoint{
		ID:         c.ID,
		Name:       c.Name,
		NameEN:     c.NameEN,
		Kind:       c.Kind,
		Room:       c.Room,
		StartsAt:   c.StartsAt,
		EndsAt:     c.EndsAt,
		Capacity:   c.Capacity,
		Categories: cats,
	}
}

// Checkpoint returns the domain checkpoint.
func (w WireCheckpoint) Checkpoint() kiosk.Checkpoint {
	return kiosk.Checkpoint{
		ID:         w.ID,
		Name:       w.Name,
		NameEN:     w.NameEN,
		Kind:       w.Kind,
		Room:       w.Room,
		StartsAt:   w.StartsAt,
		EndsAt:     w.EndsAt,
		Capacity:   w.Capacity,
		Categories: slices.Clone(w.Categories),
	}
}

func (w WireCheckpoint) validate() *ValidationError {
	if err := w.Checkpoint().Validate(); err != nil {
		return invalid("", "%v", err)
	}
	for i, c := range w.Categories {
		// A misspelt category would quietly keep its people out.
		if !slices.Contains(kiosk.Categories, c) {
			return invalid(item("categories", i), "unknown category %.32q", c)
		}
		// A set: repeated, the list would be as long as a peer likes, and
		// one checkpoint could outgrow a page (see PageBudget).
		if j := slices.Index(w.Categories[:i], c); j >= 0 {
			return invalid(item("categories", i), "%q repeats categories[%d]", c, j)
		}
	}
	return firstError(
		// Scans name checkpoints by id, so the id follows the scans' rule.
		checkString("id", w.ID, nameRule),
		checkString("name", w.Name, textRule),
		checkString("name_en", w.NameEN, textRule),
		checkString("room", w.Room, textRule),
		checkOptionalTime("starts_at", w.StartsAt),
		checkOptionalTime("ends_at", w.EndsAt),
	)
}

// CheckpointsUpdate sends the checkpoints added or changed since the
// kiosk's version.
type CheckpointsUpdate struct {
	// Version is the checkpoints version the kiosk holds once it has
	// applied this update.
	Version     int64            `json:"version"`
	Checkpoints []WireCheckpoint `json:"checkpoints"`
}

// Type implements Message.
func (CheckpointsUpdate) Type() string { return typeCheckpoints }

func (u CheckpointsUpdate) validate() *ValidationError {
	if verr := checkNonNegative("version", u.Version); verr != nil {
		return verr
	}
	ids := make(map[string]int, len(u.Checkpoints))
	for i, c := range u.Checkpoints {
		if verr := c.validate(); verr != nil {
			return verr.under(item("checkpoints", i))
		}
		if j, dup := ids[c.ID]; dup {
			return invalid(item("checkpoints", i)+".id", "%q repeats checkpoints[%d]", c.ID, j)
		}
		ids[c.ID] = i
	}
	return nil
}

// Revocation withdraws badges: Issue 0 revokes every badge of the attendee
// and their outside code, n > 0 only the n-th badge printed.
type Revocation struct {
	AttendeeID string `json:"attendee_id"`
	Issue      int    `json:"issue"`
	Reason     string `json:"reason,omitempty"`
}

func (r Revocation) validate() *ValidationError {
	return firstError(
		checkString("attendee_id", r.AttendeeID, stringRule{required: true, max: kiosk.MaxIDLength}),
		checkNonNegative("issue", int64(r.Issue)),
		checkString("reason", r.Reason, stringRule{max: 4 * kiosk.MaxNoteLength}),
	)
}

// RevocationsUpdate sends the revocations made since the kiosk's version.
type RevocationsUpdate struct {
	// Version is the revocations version the kiosk holds once it has
	// applied this update.
	Version     int64        `json:"version"`
	Revocations []Revocation `json:"revocations"`
}

// Type implements Message.
func (RevocationsUpdate) Type() string { return typeRevocations }

func (u RevocationsUpdate) validate() *ValidationError {
	if verr := checkNonNegative("version", u.Version); verr != nil {
		return verr
	}
	for i, r := range u.Revocations {
		if verr := r.validate(); verr != nil {
			return verr.under(item("revocations", i))
		}
	}
	return nil
}
