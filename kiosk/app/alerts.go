package app

import (
	"sync/atomic"

	"github.com/accueil/accueil/kiosk/ui"
	"github.com/accueil/accueil/sync/protocol"
)

// alertRelay carries the hub's alerts to the window of the moment: the
// newest list is kept, so a window built again (staff changed the mode)
// shows them at once.
type alertRelay struct {
	sink atomic.Pointer[func([]ui.Alert)]
	last atomic.Pointer[[]ui.Alert]
}

// deliver takes an alerts message from the hub client.
func (r *alertRelay) deliver(m protocol.Alerts) {
	list := make([]ui.Alert, len(m.Alerts))
	for i, a := range m.Alerts {
		list[i] = ui.Alert{ID: a.ID, At: a.At, Kind: a.Kind, AttendeeID: a.AttendeeID, Name: a.Name, Category: a.Category,
			Note: a.Note, Checkpoint: a.Checkpoint}
	}
	r.last.Store(&list)
	if f := r.sink.Load(); f != nil {
		(*f)(list)
	}
}

// attach sends the alerts to a new window, the latest first.
func (r *alertRelay) attach(show func([]ui.Alert)) {
	r.sink.Store(&show)
	if l := r.last.Load(); l != nil {
		show(*l)
	}
}
