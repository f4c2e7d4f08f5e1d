package protocol

import "time"

// The kinds of alert (Alert.Kind).
const (
	// AlertArrival: an attendee with a roster note, or a speaker, a
	// journalist or a delegation member, was first admitted at an entrance.
	AlertArrival = "arrival"
	// AlertSpeakerMissing: a session starts within 30 minutes and one of
	// its speakers has not arrived.
	AlertSpeakerMissing = "speaker_missing"
)

// MaxAlerts bounds the alerts one message carries.
const MaxAlerts = 100

// Alert is an arrival that matters, for the staff at the desks.
type Alert struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Kind       string    `json:"kind"`
	AttendeeID string    `json:"attendee_id"`
	Name       string    `json:"name"`
	Category   string    `json:"category"`
	Note       string    `json:"note"`
	Checkpoint string    `json:"checkpoint"`
	Kiosk      string    `json:"kiosk"`
}

// Alerts are the alerts no organiser has acknowledged yet, newest first
// (hub → desk kiosks): the whole list each time, so a desk shows the
// latest and never needs to catch up.
type Alerts struct {
	Alerts []Alert `json:"alerts"`
}

// Type implements Message.
func (Alerts) Type() string { return typeAlerts }

func (a Alerts) validate() *ValidationError {
	if len(a.Alerts) > MaxAlerts {
		return invalid("alerts", "%d alerts, more than %d", len(a.Alerts), MaxAlerts)
	}
	for i, al := range a.Alerts {
		if verr := firstError(
			checkTime("at", al.At),
			checkString("kind", al.Kind, nameRule),
			checkString("attendee_id", al.AttendeeID, stringRule{required: true, max: 255, printable: true}),
			checkString("name", al.Name, stringRule{max: 1024}),
			checkString("category", al.Category, optionalNameRule),
			checkString("note", al.Note, stringRule{max: 4096}),
			checkString("checkpoint", al.Checkpoint, optionalNameRule),
			checkString("kiosk", al.Kiosk, optionalNameRule),
		); verr != nil {
			return verr.under(item("alerts", i))
		}
	}
	return nil
}
