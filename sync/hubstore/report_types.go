package hubstore

import (
	"time"

	"github.com/accueil/accueil/kiosk"
)

// Report is the attendance of the event: counts only, no names.
type Report struct {
	// Days are the event's days (2006-01-02, in its time zone): those of
	// the checkpoints' time windows and those with scans, in order.
	Days []string
	// Checkpoints are every checkpoint, the entrance first, then by start
	// time; a checkpoint id that only scans name comes last, named by its
	// id.
	Checkpoints []CheckpointReport
	// Categories are kiosk.Categories in their order, then, if any, the
	// attendees admitted but absent from the roster (Category "").
	Categories []CategoryReport
	Totals     Totals
}

// CheckpointReport is one checkpoint's attendance.
type CheckpointReport struct {
	kiosk.Checkpoint
	// Known is false for a checkpoint id that only scans name.
	Known bool
	Total Figures
	// ByDay holds the days with scans there.
	ByDay map[string]Figures
}

// Figures count what happened at one checkpoint over a day or the event.
type Figures struct {
	// Attendees is how many distinct attendees were admitted in.
	Attendees int
	// Entries and Exits are the admitted scans in each direction.
	Entries, Exits int
	// PeakInside is the most people inside at once, first reached at
	// PeakAt (kiosk time). Inside starts at zero each day: nobody spends
	// the night at the venue, and an entry never scanned out would
	// otherwise inflate every later day.
	PeakInside int
	PeakAt     time.Time
	// Refused counts refused scans by RefusalKey.
	Refused       map[string]int
	DoubleEntries int
}

// RefusedTotal is the number of refused scans.
func (f Figures) RefusedTotal() int {
	n := 0
	for _, c := range f.Refused {
		n += c
	}
	return n
}

// RefusalKey is how refusals are counted: the verdict, followed by
// "/reason" when the kiosk gave one (not_allowed_here/category).
func RefusalKey(v kiosk.Verdict, reason string) string {
	if reason == "" {
		return string(v)
	}
	return string(v) + "/" + reason
}

// CategoryReport is one category's attendance at the entrance.
type CategoryReport struct {
	Category   kiosk.Category
	Registered int
	// Attended counts attendees admitted at the entrance at least once.
	Attended int
	ByDay    map[string]int
}

// Rate is Attended over Registered, 0 when nobody registered.
func (c CategoryReport) Rate() float64 { return rate(c.Attended, c.Registered) }

// Totals are the event's figures.
type Totals struct {
	Registered int
	// Attended counts attendees admitted at the entrance at least once;
	// AttendedSession those admitted at one session or more.
	Attended, AttendedSession int
	// ByDay counts attendees admitted at the entrance on each day.
	ByDay map[string]int
	// Scans counts every scan stored, refused ones too; Refused those
	// refused; Undone the check-ins that a desk cancelled.
	Scans, Entries, Refused, DoubleEntries, Undone int
}

// Rate is Attended over Registered, 0 when nobody registered.
func (t Totals) Rate() float64 { return rate(t.Attended, t.Registered) }

func rate(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}
