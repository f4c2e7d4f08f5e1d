package protocol

import "github.com/accueil/accueil/kiosk"

// MaxWalkIns bounds the walk-ins one message carries.
const MaxWalkIns = 100

// tokenRule fits a badge token (at most kiosk.TokenMaxBytes).
var tokenRule = stringRule{required: true, max: 256, printable: true}

// WalkIns are attendees a desk registered on the spot (kiosk → hub). The
// hub adds them to the roster, so every kiosk receives them and admits
// their badge code.
type WalkIns struct {
	Attendees []WireAttendee `json:"attendees"`
}

// Type implements Message.
func (WalkIns) Type() string { return typeWalkIns }

func (w WalkIns) validate() *ValidationError {
	if len(w.Attendees) == 0 || len(w.Attendees) > MaxWalkIns {
		return invalid("attendees", "%d walk-ins, want 1 to %d", len(w.Attendees), MaxWalkIns)
	}
	seen := make(map[string]int, len(w.Attendees))
	for i, a := range w.Attendees {
		if verr := a.validate(); verr != nil {
			return verr.under(item("attendees", i))
		}
		if a.Code == "" {
			return invalid(item("attendees", i)+".code", "a walk-in needs the code printed on its badge")
		}
		if j, dup := seen[a.ID]; dup {
			return invalid(item("attendees", i)+".id", "%q repeats attendees[%d]", a.ID, j)
		}
		seen[a.ID] = i
	}
	return nil
}

// WalkInBadge is a walk-in's signed badge token, which the hub alone can
// make: the kiosk prints it on the badge in place of the bare code.
type WalkInBadge struct {
	AttendeeID string `json:"attendee_id"`
	Token      string `json:"token"`
}

// WalkInsAck tells the desk its walk-ins are in the roster (hub → kiosk).
type WalkInsAck struct {
	Badges []WalkInBadge `json:"badges"`
	// Refused are the ids of walk-ins the hub refused (an Error says why):
	// the desk stops sending them.
	Refused []string `json:"refused,omitempty"`
}

// Type implements Message.
func (WalkInsAck) Type() string { return typeWalkInsAck }

func (a WalkInsAck) validate() *ValidationError {
	if len(a.Badges) > MaxWalkIns || len(a.Refused) > MaxWalkIns {
		return invalid("badges", "%d badges and %d refused, at most %d", len(a.Badges), len(a.Refused), MaxWalkIns)
	}
	for i, id := range a.Refused {
		if verr := checkString(item("refused", i), id, stringRule{required: true, max: kiosk.MaxIDLength, printable: true}); verr != nil {
			return verr
		}
	}
	for i, b := range a.Badges {
		if verr := firstError(checkString("attendee_id", b.AttendeeID, nameRule), checkString("token", b.Token, tokenRule)); verr != nil {
			return verr.under(item("badges", i))
		}
	}
	return nil
}
