package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk/wedge"
)

// scanSafeEntry is a field of a staff dialog, such as the PIN's. Its keys
// pass through the wedge assembler like the desk's search field: a
// person's typing goes into the field, but a badge scanned while the
// dialog is open is taken as a scan and never typed into the field, where
// it would be taken for a PIN (and count as a wrong try).
type scanSafeEntry struct {
	widget.Entry
	k *Kiosk
	// scanned, if set, tells the dialog that a scan went by.
	scanned func()
}

func (k *Kiosk) newScanSafeEntry(password bool) *scanSafeEntry {
	e := &scanSafeEntry{k: k}
	e.Password = password
	e.ExtendBaseWidget(e)
	return e
}

// FocusGained makes this the field that typed text goes back to.
func (e *scanSafeEntry) FocusGained() {
	e.k.dialogField = e
	e.Entry.FocusGained()
}

// TypedRune holds the rune until the assembler knows who typed it.
func (e *scanSafeEntry) TypedRune(r rune) {
	e.k.dialogField = e
	e.k.typed(e.k.input.Rune(r, wedge.DialogField))
}

// TypedKey routes Enter and Tab through the assembler, everything else to
// the field.
func (e *scanSafeEntry) TypedKey(ev *fyne.KeyEvent) {
	e.k.dialogField = e
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		e.k.typed(e.k.input.Key(wedge.KeyEnter, wedge.DialogField))
	case fyne.KeyTab:
		e.k.typed(e.k.input.Key(wedge.KeyTab, wedge.DialogField))
	default:
		e.Entry.TypedKey(ev)
	}
}

// typedByPerson puts back what a person typed, and submits on Enter.
func (e *scanSafeEntry) typedByPerson(ev wedge.Event) {
	for _, r := range ev.Text {
		e.Entry.TypedRune(r)
	}
	if ev.End == wedge.KeyEnter && e.OnSubmitted != nil {
		e.OnSubmitted(e.Text)
	}
}
