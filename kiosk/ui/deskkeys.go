package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
)

// The desk's four actions on function keys: a volunteer keeps one hand on
// the scanner and presses one key, whatever has the focus. Fyne turns only
// keys with Ctrl or Alt into shortcuts, and gives those to the focused
// field: plain F-keys reach the search field or the window as keys, and
// both hand them here.
const (
	keyCheckIn  = fyne.KeyF2
	keyCheckOut = fyne.KeyF3
	keyUndo     = fyne.KeyF4
	keyWalkIn   = fyne.KeyF5
)

// withKey writes an action with its key, as the buttons show it.
func withKey(label string, key fyne.KeyName) string { return label + " (" + string(key) + ")" }

// shortcut runs the action of a function key, as tapping its button
// would; it reports whether the key was one.
func (d *deskScreen) shortcut(key fyne.KeyName) bool {
	var b *widget.Button
	switch key {
	case keyCheckIn:
		b = d.checkIn
	case keyCheckOut:
		b = d.checkOut
	case keyUndo:
		b = d.undo
	case keyWalkIn:
		b = d.walkIn
	default:
		return false
	}
	if !b.Disabled() && b.OnTapped != nil && (b == d.walkIn || d.card.Visible()) {
		b.OnTapped()
	}
	return true
}

// refreshActions makes the next useful action the primary one: checking
// out someone inside, checking in anyone else; and offers Undo only on the
// card of the person this desk just admitted.
func (d *deskScreen) refreshActions(inside bool) {
	in, out := widget.HighImportance, widget.MediumImportance
	if inside {
		in, out = out, in
	}
	if d.checkIn.Importance != in {
		d.checkIn.Importance, d.checkOut.Importance = in, out
		d.checkIn.Refresh()
		d.checkOut.Refresh()
	}
	if d.lastScanID != "" && d.lastScanFor == d.selected.ID {
		d.undo.Enable()
	} else {
		d.undo.Disable()
	}
}

// insideAt reads from a history, newest first, whether the attendee is
// inside checkpoint: their last admitted scan there was an entry.
func insideAt(history []kiosk.Scan, checkpoint string) bool {
	for _, s := range history {
		if s.Checkpoint == checkpoint && s.Verdict == kiosk.VerdictAccepted {
			return s.Direction == kiosk.In && s.Reason != kiosk.ReasonUndo
		}
	}
	return false
}

// listLabel is a list's row: cut with an ellipsis rather than widening the
// pane past the window.
func listLabel() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func boldLabel(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
