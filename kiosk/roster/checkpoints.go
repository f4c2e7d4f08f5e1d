package roster

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// Checkpoints is what ReadCheckpoints found in a checkpoints file.
type Checkpoints struct {
	Checkpoints []kiosk.Checkpoint
	Problems    []Problem
	Warnings    []string
}

var checkpointColumns = []string{"id", "name", "name_en", "kind", "room", "starts_at", "ends_at", "capacity", "categories", "quorum", "speakers"}

// Indexes in checkpointColumns.
const (
	cID = iota
	cName
	cNameEN
	cKind
	cRoom
	cStartsAt
	cEndsAt
	cCapacity
	cCategories
	cQuorum
	cSpeakers
)

func checkpointHeader(h header) error {
	for _, col := range []string{"id", "name"} {
		if _, ok := h.index[col]; !ok {
			return fmt.Errorf("no %q column in the header (found %s)", col, h.describe())
		}
	}
	return nil
}

// localLayouts are the times accepted in the event's time zone: the contract's
// form, plus the seconds and the "T" spreadsheets and scripts tend to add.
var localLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"}

// ReadCheckpoints parses a checkpoints file. loc is the event's time zone for
// times written as "2016-07-04 14:30"; nil means the machine's zone. Like
// ReadAttendees it returns an error only when the file as a whole cannot be
// used, and reports bad rows in Problems.
//
// It does not add the default entrance when the file has none: keeping the
// entrance that always exists is the store's business.
func ReadCheckpoints(r io.Reader, loc *time.Location) (Checkpoints, error) {
	return ReadCheckpointsFor(r, loc, nil)
}

// ReadCheckpointsFor is ReadCheckpoints for an event whose roster is known:
// a speaker for whom onRoster is false makes the row bad. A nil onRoster
// checks nothing, for kiosks, which read checkpoints before any roster.
func ReadCheckpointsFor(r io.Reader, loc *time.Location, onRoster func(id string) bool) (Checkpoints, error) {
	var out Checkpoints
	if loc == nil {
		loc = time.Local
	}
	text, _, warnings, err := readInput(r)
	if err != nil {
		return out, fmt.Errorf("reading checkpoints: %w", err)
	}
	s, err := openSheet(text, checkpointColumns, checkpointHeader, nil)
	if err != nil {
		out.Warnings = append(warnings, s.warnings...)
		return out, fmt.Errorf("checkpoints: %w", err)
	}

	ids := map[string]int{}
	out.Checkpoints = eachRow(s, out.Checkpoints, func(rw *row, line int) kiosk.Checkpoint {
		c := readCheckpoint(rw, loc)
		rw.checkSpeakers(kiosk.JoinIDs(c.Speakers), onRoster)
		if c.ID != "" {
			rw.claim(ids, "id", c.ID, line)
		}
		return c
	}, kiosk.Checkpoint.Validate)
	out.Problems = s.problems
	out.Warnings = append(warnings, s.warnings...)
	return out, nil
}

func readCheckpoint(rw *row, loc *time.Location) kiosk.Checkpoint {
	c := kiosk.Checkpoint{
		ID:     rw.id(cID, kiosk.MaxCheckpointIDLength),
		Name:   rw.text(cName, false),
		NameEN: rw.text(cNameEN, false),
		Room:   rw.text(cRoom, false),
	}
	for _, err := range c.LengthErrors() {
		rw.fail("%v", err)
	}
	if c.Name == "" && !rw.failed(cName) {
		rw.fail("column name: empty")
	}

	switch kind := strings.ToLower(rw.text(cKind, false)); kind {
	case "":
		c.Kind = kiosk.KindSession
		if c.ID == kiosk.EntranceID {
			c.Kind = kiosk.KindEntrance
		}
	case string(kiosk.KindEntrance), string(kiosk.KindSession):
		c.Kind = kiosk.CheckpointKind(kind)
	default:
		rw.fail("column kind: unknown kind %q (want entrance or session)", kind)
	}
	// Counts of people "checked in" are taken at the entrance checkpoint: it
	// cannot be a session door.
	if c.ID == kiosk.EntranceID && c.Kind == kiosk.KindSession {
		rw.fail("column kind: checkpoint %q must be of kind entrance", kiosk.EntranceID)
	}

	c.StartsAt = rw.time(cStartsAt, loc)
	c.EndsAt = rw.time(cEndsAt, loc)

	if v := rw.text(cCapacity, false); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			rw.fail("column capacity: %q is not a whole number of at least 1 (leave it empty for no limit)", v)
		}
		c.Capacity = max(n, 0)
	}

	// Commas are accepted as well as spaces: "speaker, press" is how people
	// write a list in a cell.
	for _, f := range strings.FieldsFunc(rw.text(cCategories, false), func(r rune) bool { return r == ',' || r == ' ' }) {
		cat, err := kiosk.ParseCategory(f)
		if err != nil {
			rw.fail("column categories: %v", err)
			continue
		}
		if !slices.Contains(c.Categories, cat) {
			c.Categories = append(c.Categories, cat)
		}
	}

	var err error
	if c.Quorum, err = kiosk.ParseQuorum(rw.text(cQuorum, false)); err != nil {
		rw.fail("column quorum: %v", err)
	}
	if !c.Quorum.IsZero() && c.Kind == kiosk.KindEntrance {
		rw.fail("column quorum: a quorum makes a meeting, which is a session, not an entrance")
	}
	c.Speakers = strings.Fields(rw.idList(cSpeakers, kiosk.MaxSpeakers))

	if extra := rw.s.extraCells(rw.rec); extra != "" {
		rw.fail("%s", extra)
	}
	return c
}

// time reads a date and time cell; an empty cell is the zero time, meaning
// the door is not bounded on that side.
func (r *row) time(k int, loc *time.Location) time.Time {
	v := r.text(k, false)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t
		}
	}
	r.fail("column %s: %q is not a date and time (want 2016-07-04 14:30 or RFC 3339)", r.s.known[k], v)
	return time.Time{}
}
