package protocol

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/golden from the messages of TestRoundTripBothWays")

// goldenMessages holds one message of every type, each field set where
// the type has it, as testdata/golden/NAME.json spells it.
func goldenMessages(t *testing.T) []struct {
	name string
	msg  Message
} {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	morning, nepal := at("2026-06-02T09:00:00.000000001Z"), at("2026-06-02T14:45:00.5+05:45")
	scan := WireScan{Seq: 7, ID: "0123456789abcdef0123456789abcdef", Kiosk: "porte-nord", Checkpoint: kiosk.EntranceID,
		Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "A00001", At: nepal, Evidence: "CUF-0001"}
	again := WireScan{Seq: 8, ID: "0123456789abcdef0123456789abcdee", Kiosk: "porte-nord", Checkpoint: "salle-1",
		Direction: kiosk.In, Verdict: kiosk.VerdictAlreadyCheckedIn, AttendeeID: "A00001", At: morning,
		FirstAt: nepal, FirstKiosk: "porte-sud"}
	undo := WireScan{Seq: 9, ID: "0123456789abcdef0123456789abcded", Kiosk: "accueil-1", Checkpoint: kiosk.EntranceID,
		Direction: kiosk.Out, Verdict: kiosk.VerdictAccepted, AttendeeID: "A00001", At: morning, Reason: kiosk.ReasonUndo,
		Undoes: "0123456789abcdef0123456789abcdef", Evidence: EvidenceUndo}
	relayed := scan
	relayed.Evidence = ""
	attendee := WireAttendee{ID: "A00001", FirstName: "Aïssata", LastName: "Diallo", Organisation: "Johnson & Johnson <Sénégal>",
		Category: kiosk.CategoryDelegation, Country: "SN", Language: kiosk.French, Code: "CUF-0001", Note: "chef de délégation",
		Badge: "AC1.token"}
	return []struct {
		name string
		msg  Message
	}{
		{"hello", Hello{Protocol: Version, Kiosk: "porte-nord", Epoch: "01J0Z8", RosterVersion: 12, CheckpointsVersion: 3,
			RevocationsVersion: 2, SeenCursor: 4711, KioskTime: nepal, Software: "accueil 0.1.0", Generation: "gen-1",
			CompactRelays: true}},
		{"welcome", Welcome{Protocol: Version, HubTime: morning, ClockOffsetMillis: -1500, Kiosk: "porte-nord", Role: RoleDesk,
			Event: "faic2016", PublicKeys: []string{"ed25519:MNtLtsJAdxs9O598rP0F8rDMc5g9JCayxAnM6c6ZK/I="}, AckedSeq: 41,
			Generation: "gen-2", Standby: "192.168.1.11:8787"}},
		{"scans", ScanBatch{Epoch: "01J0Z8", Scans: []WireScan{scan, again, undo}}},
		{"ack", Ack{Epoch: "01J0Z8", Seq: 9}},
		{"seen", Seen{Cursor: 99, Scans: []SeenScan{{Cursor: 98, WireScan: relayed, HubTime: morning}}}},
		{"relay", Relay{Cursor: 99, Scans: []RelayScan{{Cursor: 98, Seq: 7, ID: "0123456789abcdef0123456789abcdef", Kiosk: "porte-nord",
			Checkpoint: kiosk.EntranceID, Direction: kiosk.In, AttendeeID: "A00001", At: nepal.UnixNano(), HubTime: morning.UnixNano()},
			{Cursor: 99, Seq: 9, ID: "0123456789abcdef0123456789abcded", Kiosk: "accueil-1", Checkpoint: kiosk.EntranceID,
				Direction: kiosk.Out, Reason: kiosk.ReasonUndo, AttendeeID: "A00001", At: morning.UnixNano(), FirstAt: nepal.UnixNano(),
				FirstKiosk: "porte-sud", Undoes: "0123456789abcdef0123456789abcdef", HubTime: morning.UnixNano()}}}},
		{"roster", RosterUpdate{Version: 12, Full: true, Attendees: []WireAttendee{attendee,
			{ID: "A00002", LastName: "O'Brien", Category: kiosk.CategoryPress, Language: kiosk.English, CodeHash: "c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789"}}}},
		{"checkpoints", CheckpointsUpdate{Version: 3, Checkpoints: []WireCheckpoint{
			{ID: "salle-1", Name: "Salle 1", NameEN: "Room 1", Kind: kiosk.KindSession, Room: "351", StartsAt: morning,
				EndsAt: morning.Add(90 * time.Minute), Capacity: 120, Categories: []kiosk.Category{kiosk.CategorySpeaker}}}}},
		{"revocations", RevocationsUpdate{Version: 2, Revocations: []Revocation{{AttendeeID: "A00001", Issue: 1, Reason: "lost"}}}},
		{"heartbeat", Heartbeat{Pending: 3, KioskTime: nepal, Checkpoint: "salle-1", LastScanAt: morning}},
		{"counts", Counts{Version: 77, Registered: 1500, CheckedIn: 812, Inside: 640,
			ByCategory:   map[string]CategoryCount{"visitor": {Registered: 1200, CheckedIn: 700}},
			ByCheckpoint: map[string]CheckpointCount{"salle-1": {Name: "Salle 1", NameEN: "Room 1", CheckedIn: 90, Inside: 85, Capacity: 120}},
			Kiosks: []KioskStatus{{Name: "porte-nord", Online: true, LastSeen: morning, Pending: 2, ClockOffsetMillis: -180000,
				ClockWrong: true}},
			DoubleEntries: 1, ByVerdict: map[string]int{"accepted": 812}, Arrivals: []ArrivalCount{{At: morning, Count: 40}},
			At: morning, TimeZone: "Europe/Paris"}},
		{"kiosks", KioskList{Kiosks: []KioskStatus{{Name: "porte-nord", Online: true, LastSeen: morning, Pending: 2,
			ClockOffsetMillis: -180000, ClockWrong: true}, {Name: "porte-sud"}}}},
		{"error", Error{Code: CodeRefused, Message: "later", Reason: RefusedQuota,
			Scans: []string{"0123456789abcdef0123456789abcdef"}, RetryAfterMillis: 1500}},
		{"walkins", WalkIns{Attendees: []WireAttendee{{ID: "W0001", FirstName: "Léa", LastName: "Martin",
			Category: kiosk.CategoryVisitor, Language: kiosk.French, Code: "WALK-0001"}}}},
		{"walkins_ack", WalkInsAck{Badges: []WalkInBadge{{AttendeeID: "W0001", Token: "AC1.token"}}, Refused: []string{"W0002"}}},
		{"staff_pin", StaffPIN{Hash: "$argon2id$v=19$m=19456,t=1,p=1$c2FsdA$a2V5"}},
		{"alerts", Alerts{Alerts: []Alert{{ID: 3, At: morning, Kind: "arrival", AttendeeID: "A00001", Name: "Aïssata Diallo",
			Category: "delegation", Note: "chef de délégation", Checkpoint: kiosk.EntranceID, Kiosk: "porte-nord"}}}},
	}
}

// TestRoundTripBothWays holds every message type to its golden JSON: a
// message encodes to the golden bytes and decodes back equal, and the
// golden JSON decodes to the message and encodes back to the same bytes.
// A change to a golden file is a change of the wire contract: an older peer
// reads the old spelling.
func TestRoundTripBothWays(t *testing.T) {
	var covered []string
	for _, tt := range goldenMessages(t) {
		covered = append(covered, tt.msg.Type())
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join("testdata", "golden", tt.name+".json")
			frame, err := Encode(tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			if *updateGolden {
				if err := os.WriteFile(path, append(frame, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			golden, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			golden = bytes.TrimSuffix(golden, []byte("\n"))

			t.Run("message to JSON and back", func(t *testing.T) {
				if !bytes.Equal(frame, golden) {
					t.Errorf("encoded\n%s\nwant\n%s", frame, golden)
				}
				got, err := Decode(frame)
				if err != nil {
					t.Fatal(err)
				}
				if v := reflect.ValueOf(got).Elem().Interface(); !reflect.DeepEqual(v, tt.msg) {
					t.Errorf("decoded\n%+v\nwant\n%+v", v, tt.msg)
				}
			})
			t.Run("JSON to message and back", func(t *testing.T) {
				got, err := Decode(golden)
				if err != nil {
					t.Fatal(err)
				}
				if got.Type() != tt.name {
					t.Errorf("type %q, want %q", got.Type(), tt.name)
				}
				again, err := Encode(got)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(again, golden) {
					t.Errorf("re-encoded\n%s\nwant\n%s", again, golden)
				}
			})
		})
	}
	for typ := range decoders {
		if !slices.Contains(covered, typ) {
			t.Errorf("message type %q has no golden message", typ)
		}
	}
}
