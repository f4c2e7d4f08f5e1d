package protocol

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// TestRelaySaysWhatSeenSays checks that the compact relay carries every
// field of the relayed admissions: a kiosk reading it stores the same as
// one reading Seen (times as instants, in UTC).
func TestRelaySaysWhatSeenSays(t *testing.T) {
	at := time.Date(2026, 6, 2, 14, 45, 0, 500, time.FixedZone("NPT", 5*3600+45*60))
	hub := time.Date(2026, 6, 2, 9, 0, 0, 1, time.UTC)
	seen := Seen{Cursor: 120, Scans: []SeenScan{
		{Cursor: 98, HubTime: hub, WireScan: WireScan{Seq: 7, ID: "0123456789abcdef0123456789abcdef", Kiosk: "porte-nord",
			Checkpoint: kiosk.EntranceID, Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "A00001", At: at}},
		{Cursor: 99, HubTime: hub, WireScan: WireScan{Seq: 9, ID: "0123456789abcdef0123456789abcded", Kiosk: "accueil-1",
			Checkpoint: "salle-1", Direction: kiosk.Out, Verdict: kiosk.VerdictAccepted, Reason: kiosk.ReasonUndo, AttendeeID: "A00001",
			At: hub, FirstAt: at, FirstKiosk: "porte-sud", Undoes: "0123456789abcdef0123456789abcdef"}},
	}}
	frame, err := Encode(RelayOf(seen))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(frame)
	if err != nil {
		t.Fatal(err)
	}
	got := m.(*Relay).ToSeen()
	if got.Cursor != seen.Cursor || len(got.Scans) != len(seen.Scans) {
		t.Fatalf("relay read back as %+v", got)
	}
	for i, want := range seen.Scans {
		g := got.Scans[i]
		if !g.At.Equal(want.At) || !g.FirstAt.Equal(want.FirstAt) || !g.HubTime.Equal(want.HubTime) {
			t.Errorf("scan %d: times %v %v %v, want %v %v %v", i, g.At, g.FirstAt, g.HubTime, want.At, want.FirstAt, want.HubTime)
		}
		g.At, g.FirstAt, g.HubTime = want.At, want.FirstAt, want.HubTime
		if g != want {
			t.Errorf("scan %d: %+v, want %+v", i, g, want)
		}
	}
	old, err := Encode(seen)
	if err != nil {
		t.Fatal(err)
	}
	if len(frame) >= len(old)*3/4 {
		t.Errorf("relay %d bytes, seen %d: not much smaller", len(frame), len(old))
	}
}
