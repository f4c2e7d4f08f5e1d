// Package ui is the kiosk's window: the self-service, desk, session-door
// and organiser screens, the status strip and the PIN-protected settings.
// It reaches the rest of the kiosk through the small interfaces below and
// never touches SQL or the network itself.
package ui

import (
	"context"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// Mode is what the window is for.
type Mode string

// The modes of CONTRACT.md's -mode flag.
const (
	ModeSelf      Mode = "self"
	ModeDesk      Mode = "desk"
	ModeSession   Mode = "session"
	ModeOrganiser Mode = "organiser"
)

// ParseMode reads a -mode flag.
func ParseMode(s string) (Mode, bool) {
	switch m := Mode(s); m {
	case ModeSelf, ModeDesk, ModeSession, ModeOrganiser:
		return m, true
	}
	return "", false
}

// Scanner decides and records a scan; kiosk.Station is one.
type Scanner interface {
	Scan(ctx context.Context, payload string) (kiosk.Result, error)
}

// Desk is what the entrance desk needs besides scanning.
type Desk interface {
	Search(ctx context.Context, query string, limit int) ([]kiosk.Attendee, error)
	// History lists an attendee's scans, newest first.
	History(ctx context.Context, attendeeID string) ([]kiosk.Scan, error)
	// CheckByHand records a check-in or check-out made by staff.
	CheckByHand(ctx context.Context, attendeeID string, dir kiosk.Direction) (kiosk.Result, error)
	// Undo cancels a check-in made within kiosk.UndoWindow; the undo is a
	// scan of its own.
	Undo(ctx context.Context, scanID string) (kiosk.Result, error)
	// WalkIn registers a new attendee and returns them with their badge
	// payload.
	WalkIn(ctx context.Context, a kiosk.Attendee) (kiosk.Attendee, string, error)
	// RecentScans lists the kiosk's last scans, newest first.
	RecentScans(ctx context.Context, limit int) ([]kiosk.Result, error)
	// Revoked reports whether the attendee's badges are all revoked.
	Revoked(ctx context.Context, attendeeID string) (bool, error)
}

// Printer prints badges at the desk, on the printer chosen in the settings;
// kiosk/printing's Badges is one. Its calls may wait on the print service:
// the window makes them off the UI goroutine.
type Printer interface {
	// Printers lists the print queues and the system's default one.
	Printers(ctx context.Context) ([]string, string, error)
	// Printer is the chosen printer, "" for none.
	Printer() string
	// SetPrinter chooses the printer ("" for none) and keeps the choice.
	SetPrinter(name string) error
	// BadgeState tells when the attendee's badge was last printed here. An
	// error wrapping kiosk.ErrNoBadge or kiosk.ErrBadgeRevoked means there
	// is nothing a door would admit to print.
	BadgeState(ctx context.Context, attendeeID string) (last kiosk.PrintRecord, printed bool, err error)
	// PrintBadge prints the attendee's badge. A badge printed before is
	// printed again only when reprint says staff confirmed it; otherwise
	// the error is a *kiosk.AlreadyPrintedError.
	PrintBadge(ctx context.Context, attendeeID string, reprint bool) (kiosk.PrintRecord, error)
}

// Speaker says a verdict aloud in lang (fr or en) without waiting for the
// voice; kiosk/speech's Speaker is one.
type Speaker interface {
	Say(lang, text string)
}

// Occupancy tells the session door how full the room is.
type Occupancy interface {
	Occupancy(ctx context.Context, checkpoint string) (int, error)
}

// SyncStatus is what the status strip shows of the hub connection.
type SyncStatus struct {
	Enrolled    bool
	Connected   bool
	Pending     int
	LastSync    time.Time
	ClockOffset time.Duration
	Error       string
}

// ClockWrong reports whether the kiosk's clock is too far from the hub's.
func (s SyncStatus) ClockWrong() bool {
	return kiosk.ClockWrong(s.ClockOffset)
}
