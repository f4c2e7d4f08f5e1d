package printing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
)

// ErrNoPrinter is returned when no printer is chosen in the settings.
var ErrNoPrinter = errors.New("no printer chosen")

// Sender is where a badge goes: CUPS at the venue, anything that takes a PDF
// in tests.
type Sender interface {
	Print(ctx context.Context, printer, title string, pdf io.Reader) (job string, err error)
	Printers(ctx context.Context) ([]Queue, error)
}

// Log is what Badges needs of the kiosk's store; kiosk/sqlite's Store is
// one.
type Log interface {
	BadgePayload(ctx context.Context, attendeeID string) (kiosk.Attendee, string, kiosk.PayloadKind, error)
	LastPrint(ctx context.Context, attendeeID string) (kiosk.PrintRecord, bool, error)
	RecordPrint(ctx context.Context, p kiosk.PrintRecord) error
}

// tokenPoll is how often a walk-in's print looks for the hub's token.
const tokenPoll = 50 * time.Millisecond

// Badges prints attendees' badges at the desk: one A6 badge a print, and
// each print in the log. A badge already printed is printed again only when
// staff confirm it. It is safe for concurrent use; prints are made one at a
// time, so that two taps never print one badge twice unasked.
type Badges struct {
	Log    Log
	Sender Sender
	Event  badgepdf.Event
	// Save, if set, keeps the chosen printer for the next start.
	Save func(printer string) error
	// TokenWait, if set, is how long a walk-in's first print waits for the
	// token the hub signs for it (a moment when the hub is connected, zero
	// otherwise); without it the walk-in's code is printed.
	TokenWait func() time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu      sync.Mutex // the printer choice
	printer string
	printMu sync.Mutex // one print at a time
}

// NewBadges returns a desk's badge printing with printer chosen ("" for
// none).
func NewBadges(log Log, sender Sender, ev badgepdf.Event, printer string) *Badges {
	return &Badges{Log: log, Sender: sender, Event: ev, printer: printer}
}

// Printers lists the print queues and the default one.
func (b *Badges) Printers(ctx context.Context) ([]string, string, error) {
	qs, err := b.Sender.Printers(ctx)
	if err != nil {
		return nil, "", err
	}
	names := make([]string, len(qs))
	def := ""
	for i, q := range qs {
		names[i] = q.Name
		if q.Default {
			def = q.Name
		}
	}
	return names, def, nil
}

// Printer is the chosen printer, "" for none.
func (b *Badges) Printer() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.printer
}

// SetPrinter chooses the printer ("" for none) and keeps the choice.
func (b *Badges) SetPrinter(name string) error {
	if b.Save != nil {
		if err := b.Save(name); err != nil {
			return fmt.Errorf("choose printer %q: %w", name, err)
		}
	}
	b.mu.Lock()
	b.printer = name
	b.mu.Unlock()
	return nil
}

// BadgeState tells whether an attendee's badge can be printed and when it
// last was. The error wraps kiosk.ErrNoBadge or kiosk.ErrBadgeRevoked when
// there is nothing a door would admit to print.
func (b *Badges) BadgeState(ctx context.Context, attendeeID string) (kiosk.PrintRecord, bool, error) {
	if _, _, _, err := b.Log.BadgePayload(ctx, attendeeID); err != nil {
		return kiosk.PrintRecord{}, false, err
	}
	return b.Log.LastPrint(ctx, attendeeID)
}

// PrintBadge prints an attendee's badge. A badge printed before is not
// printed again unless reprint says staff confirmed it: the error is then a
// *kiosk.AlreadyPrintedError naming the last print. Only a badge CUPS
// accepted goes in the log.
func (b *Badges) PrintBadge(ctx context.Context, attendeeID string, reprint bool) (kiosk.PrintRecord, error) {
	printer := b.Printer()
	if printer == "" {
		return kiosk.PrintRecord{}, ErrNoPrinter
	}
	b.printMu.Lock()
	defer b.printMu.Unlock()
	last, printed, err := b.Log.LastPrint(ctx, attendeeID)
	if err != nil {
		return kiosk.PrintRecord{}, err
	}
	action := kiosk.PrintFirst
	if printed {
		if !reprint {
			return kiosk.PrintRecord{}, &kiosk.AlreadyPrintedError{AttendeeID: attendeeID, At: last.At, Printer: last.Printer}
		}
		action = kiosk.PrintReprint
	}
	a, payload, kind, err := b.payload(ctx, attendeeID, !printed)
	if err != nil {
		return kiosk.PrintRecord{}, err
	}
	var pdf bytes.Buffer
	badge := badgepdf.Badge{ID: a.ID, FirstName: a.FirstName, LastName: a.LastName, Organisation: a.Organisation,
		Country: a.Country, Category: a.Category, Language: a.Language, Payload: payload}
	if err := badgepdf.Write(&pdf, b.Event, []badgepdf.Badge{badge}, badgepdf.A6); err != nil {
		return kiosk.PrintRecord{}, fmt.Errorf("badge of %q: %w", attendeeID, err)
	}
	// The title shows in CUPS's job list and logs: the id, not the name.
	job, err := b.Sender.Print(ctx, printer, "badge "+a.ID, &pdf)
	if err != nil {
		// The printer's own words, short: the desk shows them as they are.
		return kiosk.PrintRecord{}, err
	}
	rec := kiosk.PrintRecord{AttendeeID: a.ID, PayloadHash: kiosk.PayloadHash(payload), Kind: kind, Printer: printer,
		Job: job, At: b.now(), Action: action}
	if err := b.Log.RecordPrint(ctx, rec); err != nil {
		return rec, fmt.Errorf("badge of %q printed as job %s: %w", attendeeID, job, err)
	}
	return rec, nil
}

// payload reads what the badge carries. A walk-in just registered has only
// its code until the hub signs its token, usually within a moment: its
// first print waits for the token as long as TokenWait allows.
func (b *Badges) payload(ctx context.Context, attendeeID string, first bool) (kiosk.Attendee, string, kiosk.PayloadKind, error) {
	a, payload, kind, err := b.Log.BadgePayload(ctx, attendeeID)
	if err != nil || kind == kiosk.PayloadToken || !first || b.TokenWait == nil ||
		!strings.HasPrefix(a.Code, kiosk.WalkInCodePrefix) {
		return a, payload, kind, err
	}
	deadline := time.Now().Add(b.TokenWait())
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return kiosk.Attendee{}, "", "", ctx.Err()
		case <-time.After(tokenPoll):
		}
		a2, p2, k2, err := b.Log.BadgePayload(ctx, attendeeID)
		if err == nil && k2 == kiosk.PayloadToken {
			return a2, p2, k2, nil
		}
	}
	return a, payload, kind, nil
}

func (b *Badges) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}
