package protocol

import (
	"time"

	"github.com/accueil/accueil/kiosk"
)

// Relay is Seen in a compact spelling, for kiosks whose Hello says they
// read it (Hello.CompactRelays): short keys, times as Unix nanoseconds,
// and no verdict, since only admissions are relayed. Every kiosk receives
// every admission at every door: with hundreds of kiosks, the relays were
// most of the bytes a hub wrote and a kiosk read, and this spelling is
// some 40% smaller. It says the same as the Seen that ToSeen returns,
// and is checked as that Seen is.
type Relay struct {
	Cursor int64       `json:"cursor"`
	Scans  []RelayScan `json:"scans"`
}

// RelayScan is one SeenScan of a Relay.
type RelayScan struct {
	Cursor     int64           `json:"c"`
	Seq        int64           `json:"s"`
	ID         string          `json:"i"`
	Kiosk      string          `json:"k"`
	Checkpoint string          `json:"p"`
	Direction  kiosk.Direction `json:"d"`
	Reason     string          `json:"r,omitempty"`
	AttendeeID string          `json:"a,omitempty"`
	// At, FirstAt and HubTime are Unix nanoseconds; FirstAt 0 is none.
	At         int64  `json:"t"`
	FirstAt    int64  `json:"f,omitempty"`
	FirstKiosk string `json:"fk,omitempty"`
	Undoes     string `json:"u,omitempty"`
	HubTime    int64  `json:"h"`
}

// Type implements Message.
func (Relay) Type() string { return typeRelay }

func (r Relay) validate() *ValidationError { return r.ToSeen().validate() }

// ToSeen returns the relay in Seen's spelling; times are in UTC.
func (r Relay) ToSeen() Seen {
	out := Seen{Cursor: r.Cursor, Scans: make([]SeenScan, len(r.Scans))}
	for i, s := range r.Scans {
		out.Scans[i] = SeenScan{Cursor: s.Cursor, HubTime: fromNanos(s.HubTime), WireScan: WireScan{Seq: s.Seq, ID: s.ID,
			Kiosk: s.Kiosk, Checkpoint: s.Checkpoint, Direction: s.Direction, Verdict: kiosk.VerdictAccepted, Reason: s.Reason,
			AttendeeID: s.AttendeeID, At: fromNanos(s.At), FirstAt: fromNanos(s.FirstAt), FirstKiosk: s.FirstKiosk, Undoes: s.Undoes}}
	}
	return out
}

// RelayOf returns s in Relay's spelling. Its scans must all be admissions
// (a relay carries nothing else): a refusal would come back accepted.
func RelayOf(s Seen) Relay {
	out := Relay{Cursor: s.Cursor, Scans: make([]RelayScan, len(s.Scans))}
	for i, sc := range s.Scans {
		out.Scans[i] = RelayScan{Cursor: sc.Cursor, Seq: sc.Seq, ID: sc.ID, Kiosk: sc.Kiosk, Checkpoint: sc.Checkpoint,
			Direction: sc.Direction, Reason: sc.Reason, AttendeeID: sc.AttendeeID, At: nanos(sc.At), FirstAt: nanos(sc.FirstAt),
			FirstKiosk: sc.FirstKiosk, Undoes: sc.Undoes, HubTime: nanos(sc.HubTime)}
	}
	return out
}

// nanos is t in Unix nanoseconds, 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
