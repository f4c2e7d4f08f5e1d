package protocol_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// mustTime parses like encoding/json does, so that expected values carry
// the same *time.Location as decoded ones and reflect.DeepEqual holds.
func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustEncode(t testing.TB, m protocol.Message) []byte {
	t.Helper()
	b, err := protocol.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func scanID(n int) string { return fmt.Sprintf("%032x", n) }

func wireScan(t testing.TB, seq int64) protocol.WireScan {
	return protocol.WireScan{
		Seq:        seq,
		ID:         scanID(int(seq)),
		Kiosk:      "porte-nord",
		Checkpoint: kiosk.EntranceID,
		Direction:  kiosk.In,
		Verdict:    kiosk.VerdictAccepted,
		AttendeeID: fmt.Sprintf("A%05d", seq),
		At:         mustTime(t, "2026-06-02T08:59:59.123456789+02:00"),
	}
}

func scanBatch(t testing.TB, n int) protocol.ScanBatch {
	b := protocol.ScanBatch{Epoch: "e1"}
	for i := range n {
		b.Scans = append(b.Scans, wireScan(t, int64(i+1)))
	}
	return b
}

// samples holds one valid message of each type, several for the types whose
// optional fields matter.
func samples(t testing.TB) map[string]protocol.Message {
	at := mustTime(t, "2026-06-02T09:00:00.000000001Z")
	nepal := mustTime(t, "2026-06-02T14:45:00.5+05:45") // odd offset, half a second
	key, err := kiosk.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	refused := wireScan(t, 8)
	refused.Verdict, refused.AttendeeID, refused.Reason = kiosk.VerdictUnknownBadge, "", ""
	again := wireScan(t, 9)
	again.Verdict, again.FirstAt, again.FirstKiosk = kiosk.VerdictAlreadyCheckedIn, nepal, "porte-sud"
	out := wireScan(t, 10)
	out.Direction, out.Checkpoint, out.Reason = kiosk.Out, "salle-1", kiosk.ReasonNotInside
	return map[string]protocol.Message{
		"hello": protocol.Hello{Protocol: protocol.Version, Kiosk: "porte-nord", Epoch: "01J0Z8", RosterVersion: 12,
			CheckpointsVersion: 3, RevocationsVersion: 0, SeenCursor: 4711, KioskTime: nepal, Software: "accueil 0.1.0"},
		"hello minimal": protocol.Hello{Protocol: 1, Kiosk: "k", Epoch: "e", KioskTime: at},
		"welcome": protocol.Welcome{Protocol: 1, HubTime: at, ClockOffsetMillis: -1500, Kiosk: "porte-nord", Role: "desk",
			Event: "faic2016", PublicKeys: []string{key.Public().String()}, AckedSeq: 41},
		"welcome no keys": protocol.Welcome{Protocol: 1, HubTime: at, Kiosk: "k", Role: "self", Event: "faic2016", PublicKeys: []string{}},
		"welcome from a restored hub": protocol.Welcome{Protocol: 1, HubTime: at, Kiosk: "k", Role: "self", Event: "faic2016", PublicKeys: []string{},
			AckedSeq: 7, Generation: "gen-2", Standby: "192.168.1.11:8787"},
		"hello after a restore": protocol.Hello{Protocol: 1, Kiosk: "k", Epoch: "e", KioskTime: at, Generation: "gen-1", SeenCursor: 40},
		"scans":                 protocol.ScanBatch{Epoch: "01J0Z8", Scans: []protocol.WireScan{wireScan(t, 7), refused, again, out}},
		"ack":                   protocol.Ack{Epoch: "01J0Z8", Seq: 10},
		"ack zero":              protocol.Ack{Epoch: "01J0Z8"},
		"seen": protocol.Seen{Cursor: 99, Scans: []protocol.SeenScan{
			{Cursor: 97, WireScan: wireScan(t, 1), HubTime: at},
			{Cursor: 98, WireScan: again, HubTime: nepal},
		}},
		"seen cursor only": protocol.Seen{Cursor: 120, Scans: []protocol.SeenScan{}},
		"roster": protocol.RosterUpdate{Version: 12, Full: true, Attendees: []protocol.WireAttendee{
			{ID: "A00001", FirstName: "Aïssata", LastName: "Diallo", Organisation: "Johnson & Johnson <Sénégal>",
				Category: kiosk.CategoryDelegation, Country: "SN", Language: kiosk.French, Code: "WZ-1", Note: "chef de délégation"},
			{ID: "A00002", LastName: "O'Brien", Category: kiosk.CategoryPress, Language: kiosk.English},
		}},
		"roster empty delta": protocol.RosterUpdate{Version: 13, Attendees: []protocol.WireAttendee{}},
		"checkpoints": protocol.CheckpointsUpdate{Version: 3, Checkpoints: []protocol.WireCheckpoint{
			protocol.FromCheckpoint(kiosk.DefaultEntrance),
			{ID: "salle-1", Name: "Salle 1", NameEN: "Room 1", Kind: kiosk.KindSession, Room: "1", StartsAt: at,
				EndsAt: at.Add(90 * time.Minute), Capacity: 120, Categories: []kiosk.Category{kiosk.CategorySpeaker, kiosk.CategoryPress}},
		}},
		"revocations": protocol.RevocationsUpdate{Version: 2, Revocations: []protocol.Revocation{
			{AttendeeID: "A00001", Issue: 0, Reason: "lost"}, {AttendeeID: "A00002", Issue: 3},
		}},
		"heartbeat":         protocol.Heartbeat{Pending: 3, KioskTime: nepal, Checkpoint: "salle-1", LastScanAt: at},
		"heartbeat minimal": protocol.Heartbeat{KioskTime: at},
		"counts": protocol.Counts{Version: 77, Registered: 1500, CheckedIn: 812, Inside: 640,
			ByCategory:   map[string]protocol.CategoryCount{"visitor": {Registered: 1200, CheckedIn: 700}, "press": {Registered: 40}},
			ByCheckpoint: map[string]protocol.CheckpointCount{"entrance": {Name: "Accueil", CheckedIn: 812, Inside: 640}, "salle-1": {Name: "Salle 1", CheckedIn: 90, Inside: 85, Capacity: 120}},
			Kiosks: []protocol.KioskStatus{{Name: "porte-nord", Online: true, LastSeen: at, Pending: 2, ClockOffsetMillis: 250},
				{Name: "porte-sud"}},
			DoubleEntries: 1, ByVerdict: map[string]int{"accepted": 812, "unknown_badge": 3}, At: at},
		"counts empty": protocol.Counts{ByCategory: map[string]protocol.CategoryCount{}, ByCheckpoint: map[string]protocol.CheckpointCount{},
			Kiosks: []protocol.KioskStatus{}, ByVerdict: map[string]int{}, At: at},
		"error":         protocol.Error{Code: protocol.CodeOutOfOrder, Message: "scans before hello"},
		"error no text": protocol.Error{Code: protocol.CodeInternal},
		"error refusal": protocol.Error{Code: protocol.CodeRefused, Reason: protocol.RefusedQuota, Message: "later",
			Scans: []string{strings.Repeat("ab", 16)}, RetryAfterMillis: 1500},
		"staff pin": protocol.StaffPIN{Hash: "$argon2id$v=19$m=19456,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"},
	}
}

func TestRoundTrip(t *testing.T) {
	for name, want := range samples(t) {
		t.Run(name, func(t *testing.T) {
			frame := mustEncode(t, want)
			got, err := protocol.Decode(frame)
			if err != nil {
				t.Fatalf("Decode(%s): %v", frame, err)
			}
			// Decode returns a pointer to the payload struct.
			gv := reflect.ValueOf(got)
			if gv.Kind() != reflect.Pointer {
				t.Fatalf("Decode returned %T, want a pointer", got)
			}
			if !reflect.DeepEqual(gv.Elem().Interface(), want) {
				t.Errorf("round trip changed the message\n got %+v\nwant %+v\nframe %s", gv.Elem().Interface(), want, frame)
			}
			if got.Type() != want.Type() {
				t.Errorf("type %q, want %q", got.Type(), want.Type())
			}
			// Encoding the pointer gives the same frame as the value.
			if again := mustEncode(t, got); !bytes.Equal(again, frame) {
				t.Errorf("re-encoded\n%s\nwant\n%s", again, frame)
			}
		})
	}
}

func TestEncodeShape(t *testing.T) {
	all := samples(t)
	tests := []struct {
		name    string
		msg     protocol.Message
		want    []string // substrings of the frame
		notWant []string
	}{
		{"envelope", all["ack"], []string{`{"type":"ack","data":{"epoch":"01J0Z8","seq":10}}`}, nil},
		{"nanoseconds and offset kept", all["hello"], []string{`"kiosk_time":"2026-06-02T14:45:00.5+05:45"`}, nil},
		{"zero optional time omitted", all["scans"], []string{`"first_at":"2026-06-02T14:45:00.5+05:45"`}, []string{`"first_at":"0001`, "payload"}},
		{"zero last scan omitted", all["heartbeat minimal"], []string{`"pending":0`}, []string{"last_scan_at", "checkpoint"}},
		{"open checkpoint has no times", all["checkpoints"], []string{`"starts_at":"2026-06-02T09:00:00.000000001Z"`}, []string{`"starts_at":"0001`, `"ends_at":"0001`}},
		{"no email to kiosks", all["roster"], []string{`"organisation":"Johnson & Johnson <Sénégal>"`}, []string{"email", `\u0026`}},
		{"zero counts written", all["counts empty"], []string{`"registered":0`, `"by_category":{}`, `"kiosks":[]`, `"version":0`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame := string(mustEncode(t, tt.msg))
			for _, w := range tt.want {
				if !strings.Contains(frame, w) {
					t.Errorf("frame lacks %s\n%s", w, frame)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(frame, w) {
					t.Errorf("frame has %s\n%s", w, frame)
				}
			}
		})
	}
}

// TestCountsContract pins the names CONTRACT.md gives /api/v1/counts.
func TestCountsContract(t *testing.T) {
	var doc struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(mustEncode(t, samples(t)["counts"]), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"registered", "checked_in", "inside", "by_category", "by_checkpoint", "kiosks", "version"} {
		if _, ok := doc.Data[key]; !ok {
			t.Errorf("counts lack %q", key)
		}
	}
	var nested struct {
		ByCategory   map[string]map[string]any `json:"by_category"`
		ByCheckpoint map[string]map[string]any `json:"by_checkpoint"`
		Kiosks       []map[string]any          `json:"kiosks"`
	}
	raw, _ := json.Marshal(doc.Data)
	if err := json.Unmarshal(raw, &nested); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		obj  map[string]any
		keys []string
	}{
		{"by_category", nested.ByCategory["visitor"], []string{"registered", "checked_in"}},
		{"by_checkpoint", nested.ByCheckpoint["salle-1"], []string{"name", "checked_in", "inside", "capacity"}},
		{"kiosks", nested.Kiosks[1], []string{"name", "online", "last_seen", "pending"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range tt.keys {
				if _, ok := tt.obj[k]; !ok {
					t.Errorf("%s entry lacks %q: %v", tt.name, k, tt.obj)
				}
			}
		})
	}
}

func TestConversions(t *testing.T) {
	at := mustTime(t, "2026-06-02T09:00:00.25Z")
	scan := kiosk.Scan{ID: kiosk.NewScanID(), Kiosk: "k1", Checkpoint: "entrance", Direction: kiosk.In,
		Verdict: kiosk.VerdictAlreadyCheckedIn, AttendeeID: "A1", Payload: "AC1:SECRET", At: at, FirstAt: at.Add(-time.Hour), FirstKiosk: "k2"}
	att := kiosk.Attendee{ID: "A1", FirstName: "Ada", LastName: "Lovelace", Organisation: "AE", Category: kiosk.CategorySpeaker,
		Country: "GB", Language: kiosk.English, Email: "ada@example.org", Code: "X1", Note: "keynote"}
	cp := kiosk.Checkpoint{ID: "s1", Name: "Salle", Kind: kiosk.KindSession, StartsAt: at, Capacity: 10,
		Categories: []kiosk.Category{kiosk.CategoryStaff}}
	tests := []struct {
		name      string
		got, want any
	}{
		{"scan loses only its payload", protocol.FromScan(5, scan).Scan(), func() kiosk.Scan { s := scan; s.Payload = ""; return s }()},
		{"scan seq", protocol.FromScan(5, scan).Seq, int64(5)},
		{"attendee loses only its email", protocol.FromAttendee(att).Attendee(), func() kiosk.Attendee { a := att; a.Email = ""; return a }()},
		{"checkpoint", protocol.FromCheckpoint(cp).Checkpoint(), cp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %+v\nwant %+v", tt.got, tt.want)
			}
		})
	}
}
