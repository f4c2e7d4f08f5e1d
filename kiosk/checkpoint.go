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

// Validate checks a checkpoint read from any source.
func (c Checkpoint) Validate() error {
	if strings.TrimSpace(c.ID) == "" {
		return fmt.Errorf("empty id")
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
	return nil
}
