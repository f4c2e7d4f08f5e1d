package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
)

// The desk's function keys do what their buttons do, from the search field
// and from the window, and the primary button is always the next useful
// action.
func TestDeskShortcutsAndPrimaryAction(t *testing.T) {
	v := newVenue(t)
	k, w := newDeskWindow(t, v, Staff{})
	d := k.desk
	occupancy := func() int { n, _ := v.store.Occupancy(context.Background(), kiosk.EntranceID); return n }
	primary := func() string {
		return withUI(k, func() string {
			for _, b := range []*widget.Button{d.checkIn, d.checkOut} {
				if b.Importance == widget.HighImportance {
					return b.Text
				}
			}
			return ""
		})
	}
	if !withUI(k, func() bool { return d.idle.Visible() && !d.card.Visible() }) {
		t.Fatal("the idle desk shows no hint")
	}
	for _, b := range []*widget.Button{d.checkIn, d.checkOut, d.undo, d.walkIn} {
		if !strings.HasSuffix(b.Text, ")") || !strings.Contains(b.Text, "(F") {
			t.Errorf("button %q does not show its key", b.Text)
		}
	}
	k.do(func() {
		d.open(kiosk.Attendee{ID: "A3", FirstName: "Hélène", LastName: "Martin", Category: kiosk.CategoryVisitor})
	})
	eventually(t, "card", func() bool { return withUI(k, func() string { return d.state.Text }) != "" })
	if got := primary(); !strings.HasPrefix(got, "Enregistrer l’entrée") {
		t.Errorf("primary action for someone outside: %q", got)
	}
	if withUI(k, func() bool { return !d.undo.Disabled() }) {
		t.Error("Undo offered before anything was done")
	}

	steps := []struct {
		name    string
		key     fyne.KeyName
		focused bool // typed into the search field rather than the window
		inside  int
		primary string
		undo    bool
	}{
		{"F2 in the search field checks in", keyCheckIn, true, 1, "Enregistrer la sortie", true},
		{"F4 on the window undoes", keyUndo, false, 0, "Enregistrer l’entrée", false},
		{"F2 on the window checks in again", keyCheckIn, false, 1, "Enregistrer la sortie", true},
		{"F3 in the search field checks out: nothing left to undo", keyCheckOut, true, 0, "Enregistrer l’entrée", false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := withUI(k, func() int { return len(d.history) })
			k.do(func() {
				if s.focused {
					w.Canvas().Focus(d.search)
					d.search.TypedKey(&fyne.KeyEvent{Name: s.key})
				} else {
					w.Canvas().Unfocus()
					w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: s.key})
				}
			})
			eventually(t, fmt.Sprintf("occupancy %d", s.inside), func() bool { return occupancy() == s.inside })
			eventually(t, "history reloaded", func() bool { return withUI(k, func() int { return len(d.history) }) > before })
			eventually(t, "primary "+s.primary, func() bool { return strings.HasPrefix(primary(), s.primary) })
			if got := withUI(k, func() bool { return !d.undo.Disabled() }); got != s.undo {
				t.Errorf("undo offered: %v, want %v", got, s.undo)
			}
			if txt := withUI(k, func() string { return d.search.Text }); txt != "" {
				t.Errorf("the key typed %q into the search", txt)
			}
		})
	}
	k.do(func() { d.search.TypedKey(&fyne.KeyEvent{Name: keyWalkIn}) })
	if withUI(k, func() bool { return w.Canvas().Overlays().Top() == nil }) {
		t.Error("F5 opened no walk-in form")
	}
}

// At both screen sizes, an open card leaves no gap above the lists, and
// the history has room for several lines inside the window.
func TestDeskLayoutFits(t *testing.T) {
	for _, size := range screenSizes {
		t.Run(fmt.Sprint(size.Width), func(t *testing.T) {
			v := newVenue(t)
			k, w := newDeskWindow(t, v, Staff{})
			d := k.desk
			k.do(func() { w.Resize(size) })
			k.Submit(v.token(t, "A3"))
			eventually(t, "card with history", func() bool {
				return withUI(k, func() bool { return d.card.Visible() && len(d.history) == 1 })
			})
			k.do(func() {
				drv := fyne.CurrentApp().Driver()
				cardBottom := drv.AbsolutePositionForObject(d.card).Y + d.card.Size().Height
				hist := drv.AbsolutePositionForObject(d.histBox)
				if gap := hist.Y - cardBottom; gap > 20 {
					t.Errorf("%.0f px blank between the card and the history", gap)
				}
				if h := d.histList.Size().Height; h < 120 {
					t.Errorf("history list only %.0f px high", h)
				}
				if bottom := hist.Y + d.histBox.Size().Height; bottom > size.Height {
					t.Errorf("history ends at %.0f, below the window's %.0f", bottom, size.Height)
				}
				if d.histBox.Size().Width < 300 {
					t.Errorf("history only %.0f px wide", d.histBox.Size().Width)
				}
			})
		})
	}
}
