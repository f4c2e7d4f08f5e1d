package kiosk

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// CheckpointKind tells an entrance from a session door.
type CheckpointKind string

// The kinds of checkpoint.
const (
	KindEntrance CheckpointKind = "entrance"
	KindSession  CheckpointKind = "session"
)

// EntranceID is the checkpoint that always exists, even with no checkpoints file.
const EntranceID = "entrance"

// DefaultEntrance is the checkpoint used when none was imported.
var DefaultEntrance = Checkpoint{ID: EntranceID, Name: "Accueil", NameEN: "Entrance", Kind: KindEntrance}

// Checkpoint is a place where badges are scanned: the venue entrance or the
// door of a session.
type Checkpoint struct {
	ID     string
	Name   string
	NameEN string
	Kind   CheckpointKind
	Room   string
	// StartsAt and EndsAt bound when the door admits people; zero means open.
	StartsAt time.Time
	EndsAt   time.Time
	// Capacity is the number of people allowed inside at once; 0 is unlimited.
	Capacity int
	// Categories allowed in; empty admits everyone.
	Categories []Category
	// Quorum makes a session a meeting (see Meeting); Speakers are the ids
	// of the attendees speaking there.
	Quorum   Quorum
	Speakers []string
}

// DisplayName is the checkpoint's name in the given language.
func (c Checkpoint) DisplayName(l Language) string {
	if l == English && c.NameEN != "" {
		return c.NameEN
	}
	return c.Name
}

// Admits reports whether the category may enter.
func (c Checkpoint) Admits(cat Category) bool {
	return len(c.Categories) == 0 || slices.Contains(c.Categories, cat)
}

// Bounds on a checkpoint's fields: the id in bytes (it is typed on kiosk
// command lines and is a column of every export), the rest in characters,
// as for attendees.
const (
	MaxCheckpointIDLength   = 64
	MaxCheckpointNameLength = 200 // name and name_en, each
	MaxRoomLength           = 200
)

// Validate checks a checkpoint read from any source.
func (c Checkpoint) Validate() error {
	if strings.TrimSpace(c.ID) == "" {
		return fmt.Errorf("empty id")
	}
	if len(c.ID) > MaxCheckpointIDLength {
		return fmt.Errorf("id longer than %d bytes", MaxCheckpointIDLength)
	}
	if errs := c.LengthErrors(); len(errs) > 0 {
		return errs[0]
	}
	if strings.TrimSpace(c.Name) == "" {
		return fmt.Errorf("empty name")
	}
	if c.Kind != KindEntrance && c.Kind != KindSession {
		return fmt.Errorf("unknown kind %q (want entrance or session)", c.Kind)
	}
	if c.Capacity < 0 {
		return fmt.Errorf("negative capacity %d", c.Capacity)
	}
	if !c.StartsAt.IsZero() && !c.EndsAt.IsZero() && c.EndsAt.Before(c.StartsAt) {
		return fmt.Errorf("ends_at %s is before starts_at %s", c.EndsAt.Format(time.RFC3339), c.StartsAt.Format(time.RFC3339))
	}
	return c.validateMeeting()
}

// LengthErrors returns one *FieldTooLongError for each text field longer
// than its bound, in the checkpoints file's column order; nil when all fit.
func (c Checkpoint) LengthErrors() []error {
	var errs []error
	for _, f := range [...]struct {
		name, value string
		max         int
	}{
		{"name", c.Name, MaxCheckpointNameLength},
		{"name_en", c.NameEN, MaxCheckpointNameLength},
		{"room", c.Room, MaxRoomLength},
	} {
		if err := CheckLength(f.name, f.value, f.max); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// ShiftDays moves the checkpoint's opening hours by days, keeping the
// wall-clock times of the venue's zone: the demo event is moved to today.
func (c *Checkpoint) ShiftDays(days int) {
	if !c.StartsAt.IsZero() {
		c.StartsAt = c.StartsAt.AddDate(0, 0, days)
	}
	if !c.EndsAt.IsZero() {
		c.EndsAt = c.EndsAt.AddDate(0, 0, days)
	}
}
