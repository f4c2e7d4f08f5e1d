package hub_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// FuzzKioskFrame sends one arbitrary frame on an enrolled desk's session
// with a real hub, then an honest scan. Whatever the frame holds, the hub
// must not fail, must answer the honest scan with its ack unless it closed
// the session with one of its own close codes, and must count nobody who
// is not on the roster. The seeds are a valid frame of every message type,
// in both directions, and some broken ones.
func FuzzKioskFrame(f *testing.F) {
	// No quota: the fuzzer sends more honest scans than any kiosk would.
	fx := newFixtureWith(f, func(c *hub.Config) { c.ScanQuota, c.WalkInQuota = hub.NoQuota, hub.NoQuota })
	cred := fx.credential("desk-fuzz", protocol.RoleDesk)
	tok := fx.badge("A1")
	at := time.Date(2016, 7, 4, 9, 0, 0, 0, time.UTC)
	withEvidence := func(ev string) protocol.WireScan { s := scan(1, scanID(1)); s.Evidence = ev; return s }
	seeds := []protocol.Message{
		protocol.Hello{Protocol: protocol.Version, Kiosk: "x", Epoch: "e", KioskTime: at},
		protocol.ScanBatch{Epoch: "fuzz", Scans: []protocol.WireScan{withEvidence(tok)}},
		protocol.ScanBatch{Epoch: "fuzz", Scans: []protocol.WireScan{withEvidence(protocol.EvidenceManual)}},
		protocol.ScanBatch{Epoch: "fuzz", Scans: []protocol.WireScan{withEvidence("")}},
		protocol.Heartbeat{Pending: 3, KioskTime: at, Checkpoint: "entrance"},
		protocol.WalkIns{Attendees: []protocol.WireAttendee{{ID: "WFUZZ001", LastName: "Fuzz", Category: kiosk.CategoryVisitor,
			Language: kiosk.French, Code: "WI-FUZZ00000001"}}},
		protocol.WalkIns{Attendees: []protocol.WireAttendee{{ID: "A1", LastName: "Fuzz", Category: kiosk.CategoryVisitor,
			Language: kiosk.French, Code: "WI-FUZZ00000002"}}},
		protocol.Error{Code: protocol.CodeInternal, Message: "x"},
		protocol.Welcome{Protocol: 1, HubTime: at, Kiosk: "k", Role: "desk", Event: "faic2016"},
		protocol.Ack{Epoch: "fuzz", Seq: 9},
		protocol.Seen{Cursor: 1},
		protocol.RosterUpdate{Version: 1},
		protocol.CheckpointsUpdate{Version: 1},
		protocol.RevocationsUpdate{Version: 1},
		protocol.Counts{},
		protocol.WalkInsAck{},
	}
	for _, m := range seeds {
		frame, err := protocol.Encode(m)
		if err != nil {
			f.Fatalf("seed %T: %v", m, err)
		}
		f.Add(frame)
	}
	for _, raw := range []string{"", "null", "[]", `{"type":"scans"}`, `{"type":"scans","data":{"epoch":"fuzz","scans":[{"seq":-1}]}}`,
		`{"type":"walkins","data":{"attendees":[{"id":"W` + string(make([]byte, 300)) + `"}]}}`, "\xff\xfe", `{"type":"nope","data":{}}`} {
		f.Add([]byte(raw))
	}
	seq := int64(0)
	f.Fuzz(func(t *testing.T, frame []byte) {
		ws, _, err := fx.dial("/ws/kiosk", cred)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		seq++
		ep := "fuzz" + scanID(int(seq))[24:]
		// A kiosk up to date: no catch-up of relays and roster to wade
		// through before the answers to this input.
		const upToDate = 1 << 40
		send(t, ws, protocol.Hello{Protocol: protocol.Version, Kiosk: "x", Epoch: ep, KioskTime: time.Now(),
			RosterVersion: upToDate, CheckpointsVersion: upToDate, RevocationsVersion: upToDate, SeenCursor: upToDate})
		if _, ok := next[*protocol.Welcome](t, ws); !ok {
			t.Fatal("no welcome")
		}
		if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
			t.Fatal(err)
		}
		honest := scan(1, scanID(1_000_000+int(seq)))
		honest.Evidence = tok
		frameOut, _ := protocol.Encode(protocol.ScanBatch{Epoch: ep, Scans: []protocol.WireScan{honest}})
		if err := ws.WriteMessage(websocket.TextMessage, frameOut); err != nil {
			return // closed by the hub: its close code is read below
		}
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			_, got, err := ws.ReadMessage()
			if err != nil {
				var ce *websocket.CloseError
				if errors.As(err, &ce) && slices.Contains([]int{websocket.CloseMessageTooBig, protocol.CloseTooManyMessages}, ce.Code) {
					return
				}
				t.Fatalf("session ended without an ack: %v", err)
			}
			m, err := protocol.Decode(got)
			if err != nil {
				t.Fatalf("hub sent an invalid frame: %v", err)
			}
			if a, ok := m.(*protocol.Ack); ok && a.Epoch == ep && a.Seq >= 1 {
				break
			}
		}
		c := fx.srv.Counts()
		if c.CheckedIn > c.Registered {
			t.Fatalf("checked in %d of %d registered", c.CheckedIn, c.Registered)
		}
		for id := range c.ByCheckpoint {
			if id != kiosk.EntranceID {
				t.Fatalf("counts grew a checkpoint %q", id)
			}
		}
	})
}
