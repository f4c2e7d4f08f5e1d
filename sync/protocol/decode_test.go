package protocol_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// frameWith encodes a valid message, then lets edit break its data (as a
// generic JSON object) before framing it again by hand, bypassing Encode's
// own checks.
func frameWith(t testing.TB, m protocol.Message, edit func(data map[string]any)) []byte {
	t.Helper()
	var env struct {
		Type string         `json:"type"`
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(mustEncode(t, m), &env); err != nil {
		t.Fatal(err)
	}
	edit(env.Data)
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// scanField sets one field of the i-th scan of a "scans" frame.
func scanField(i int, field string, v any) func(map[string]any) {
	return func(d map[string]any) { d["scans"].([]any)[i].(map[string]any)[field] = v }
}

// badFrames lists frames Decode must refuse, with a piece of the message
// each error must carry. The fuzz test seeds from it too.
func badFrames(t testing.TB) []struct {
	name  string
	frame []byte
	want  string
} {
	all := samples(t)
	scans := all["scans"]
	return []struct {
		name  string
		frame []byte
		want  string
	}{
		{"empty", []byte{}, "frame: empty"},
		{"blank", []byte(" \r\n\t"), "frame: empty"},
		{"null", []byte("null"), "not a JSON object"},
		{"array", []byte("[]"), "not a JSON object"},
		{"string", []byte(`"hello"`), "not a JSON object"},
		{"not JSON", []byte("{type: hello}"), "invalid JSON at byte 2"},
		{"truncated", mustEncode(t, all["ack"])[:20], "invalid JSON"},
		{"trailing data", append(mustEncode(t, all["ack"]), `{"type":"ack"}`...), "invalid JSON"},
		{"no type", []byte(`{"data":{}}`), "type: missing"},
		{"null type", []byte(`{"type":null,"data":{}}`), "type: missing"},
		{"number type", []byte(`{"type":5}`), "type: not a string: 5"},
		{"object type", []byte(`{"type":{"name":"ack"},"data":{}}`), "type: not a string"},
		{"unknown type", []byte(`{"type":"telemetry","data":{"x":1}}`), `unknown message type "telemetry"`},
		{"unknown type, broken JSON", []byte(`{"type":"telemetry","data":{"x":1}`), "invalid JSON"},
		{"known type overridden by unknown", []byte(`{"type":"ack","data":{"epoch":"e","seq":1},"type":"v2ack"}`), `unknown message type "v2ack"`},
		{"string data", []byte(`{"type":"ack","data":"x"}`), "data: JSON string where protocol.Ack was expected"},
		{"known type without data", []byte(`{"type":"ack"}`), "decode ack: data: missing"},
		{"null data", []byte(`{"type":"ack","data":null}`), "data: missing"},
		{"array data", []byte(`{"type":"ack","data":[1]}`), "decode ack: data: JSON array where protocol.Ack was expected"},
		{"wrong field type", []byte(`{"type":"ack","data":{"epoch":"e","seq":"10"}}`), "decode ack: seq: JSON string where int64 was expected (byte 44)"},
		{"fractional number", []byte(`{"type":"ack","data":{"epoch":"e","seq":1.5}}`), "seq: JSON number 1.5 where int64"},
		{"offset of 24 hours", []byte(`{"type":"heartbeat","data":{"pending":0,"kiosk_time":"9999-12-31T23:59:59+24:00"}}`), "kiosk_time: time zone offset of 86400 s"},
		{"optional time offset of 24 hours", frameWith(t, all["checkpoints"], func(d map[string]any) {
			d["checkpoints"].([]any)[1].(map[string]any)["ends_at"] = "2027-01-01T00:00:00-24:00"
		}), "checkpoints[1].ends_at: time zone offset of -86400 s"},
		{"bad time", []byte(`{"type":"heartbeat","data":{"pending":0,"kiosk_time":"yesterday"}}`), "decode heartbeat: parsing time \"yesterday\""},
		{"2 MB frame", []byte(`{"type":"error","data":{"code":"internal","message":"` + strings.Repeat("x", 2<<20) + `"}}`), "more than 1048576"},
		{"invalid UTF-8", []byte("{\"type\":\"error\",\"data\":{\"code\":\"internal\",\"message\":\"caf\xe9\"}}"), "invalid UTF-8 at byte 56"},
		{"deeply nested frame", []byte(strings.Repeat("[", 100_000)), "not a JSON object"},
		{"deeply nested data", []byte(`{"type":"ack","data":` + strings.Repeat("[", 100_000)), "exceeded max depth"},
		{"deeply nested unknown field", []byte(`{"type":"ack","data":{"x":` + strings.Repeat(`{"x":`, 100_000)), "exceeded max depth"},
		{"hello protocol 0", frameWith(t, all["hello"], func(d map[string]any) { d["protocol"] = 0 }), "protocol: 0 is not a protocol version"},
		{"hello without kiosk", frameWith(t, all["hello"], func(d map[string]any) { delete(d, "kiosk") }), "kiosk: empty"},
		{"hello long epoch", frameWith(t, all["hello"], func(d map[string]any) { d["epoch"] = strings.Repeat("e", 65) }), "epoch: 65 bytes, more than 64"},
		{"hello unprintable kiosk", frameWith(t, all["hello"], func(d map[string]any) { d["kiosk"] = "porte\nnord" }), `kiosk: unprintable character U+000A`},
		{"hello negative cursor", frameWith(t, all["hello"], func(d map[string]any) { d["seen_cursor"] = -1 }), "seen_cursor: negative value -1"},
		{"hello without time", frameWith(t, all["hello"], func(d map[string]any) { delete(d, "kiosk_time") }), "kiosk_time: missing time"},
		{"welcome bad key", frameWith(t, all["welcome"], func(d map[string]any) { d["public_keys"] = []string{"ed25519:AAAA"} }), "public_keys[0]: parse public key"},
		{"scan batch of 501", mustFrame(t, scanBatch(t, 501)), "scans: 501 scans (want 1 to 500)"},
		{"empty scan batch", []byte(`{"type":"scans","data":{"epoch":"e","scans":[]}}`), "scans: 0 scans"},
		{"batch without epoch", frameWith(t, scans, func(d map[string]any) { d["epoch"] = "" }), "epoch: empty"},
		{"seq not increasing", frameWith(t, scans, scanField(2, "seq", 3)), "scans[2].seq: 3 does not follow 8"},
		{"duplicate seq", frameWith(t, scans, scanField(1, "seq", 7)), "scans[1].seq: 7 does not follow 7"},
		{"seq 0", frameWith(t, scans, scanField(0, "seq", 0)), "scans[0].seq: 0 is not a sequence number"},
		{"bad verdict", frameWith(t, scans, scanField(3, "verdict", "maybe")), `scans[3].verdict: unknown verdict "maybe"`},
		{"bad direction", frameWith(t, scans, scanField(0, "direction", "sideways")), `scans[0].direction: unknown direction "sideways"`},
		{"upper-case scan id", frameWith(t, scans, scanField(0, "id", strings.ToUpper(scanID(0xabc)))), "scans[0].id: \"00000000000000000000000000000ABC\" is not 32 lowercase hex"},
		{"short scan id", frameWith(t, scans, scanField(0, "id", "abc")), "scans[0].id"},
		{"scan without time", frameWith(t, scans, scanField(1, "at", nil)), "scans[1].at: missing time"},
		{"scan of no kiosk", frameWith(t, scans, scanField(1, "kiosk", "")), "scans[1].kiosk: empty"},
		{"long attendee id", frameWith(t, scans, scanField(1, "attendee_id", strings.Repeat("A", 33))), "scans[1].attendee_id: 33 bytes, more than 32"},
		{"negative ack", frameWith(t, all["ack"], func(d map[string]any) { d["seq"] = -4 }), "seq: negative value -4"},
		{"seen cursor 0", frameWith(t, all["seen"], func(d map[string]any) { d["scans"].([]any)[0].(map[string]any)["cursor"] = 0 }), "scans[0].cursor: 0 is not a cursor"},
		{"seen cursor going back", frameWith(t, all["seen"], func(d map[string]any) { d["scans"].([]any)[1].(map[string]any)["cursor"] = 97 }), "scans[1].cursor: 97 does not follow 97"},
		{"seen cursor behind", frameWith(t, all["seen"], func(d map[string]any) { d["cursor"] = 50 }), "cursor: 50 is behind its last scan's 98"},
		{"seen scan invalid", frameWith(t, all["seen"], func(d map[string]any) { d["scans"].([]any)[1].(map[string]any)["verdict"] = "ok" }), `scans[1].verdict: unknown verdict "ok"`},
		{"seen without hub time", frameWith(t, all["seen"], func(d map[string]any) { delete(d["scans"].([]any)[0].(map[string]any), "hub_time") }), "scans[0].hub_time: missing time"},
		{"attendee without name", frameWith(t, all["roster"], func(d map[string]any) {
			a := d["attendees"].([]any)[1].(map[string]any)
			delete(a, "last_name")
		}), "attendees[1]: first_name and last_name are both empty"},
		{"attendee bad category", frameWith(t, all["roster"], func(d map[string]any) { d["attendees"].([]any)[0].(map[string]any)["category"] = "Press" }), `attendees[0].category: unknown category "Press"`},
		{"attendee bad language", frameWith(t, all["roster"], func(d map[string]any) { d["attendees"].([]any)[0].(map[string]any)["language"] = "" }), `attendees[0].language: unknown language ""`},
		{"duplicate attendee", frameWith(t, all["roster"], func(d map[string]any) { d["attendees"].([]any)[1].(map[string]any)["id"] = "A00001" }), `attendees[1].id: "A00001" repeats attendees[0]`},
		{"duplicate code", frameWith(t, all["roster"], func(d map[string]any) { d["attendees"].([]any)[1].(map[string]any)["code"] = "WZ-1" }), `attendees[1].code: "WZ-1" repeats attendees[0]`},
		{"checkpoint bad kind", frameWith(t, all["checkpoints"], func(d map[string]any) { d["checkpoints"].([]any)[1].(map[string]any)["kind"] = "door" }), `checkpoints[1]: unknown kind "door"`},
		{"checkpoint closing before opening", frameWith(t, all["checkpoints"], func(d map[string]any) {
			d["checkpoints"].([]any)[1].(map[string]any)["ends_at"] = "2026-06-01T00:00:00Z"
		}), "checkpoints[1]: ends_at 2026-06-01T00:00:00Z is before starts_at"},
		{"checkpoint bad category", frameWith(t, all["checkpoints"], func(d map[string]any) { d["checkpoints"].([]any)[1].(map[string]any)["categories"] = []string{"vip"} }), `checkpoints[1].categories[0]: unknown category "vip"`},
		{"revocation without attendee", frameWith(t, all["revocations"], func(d map[string]any) { d["revocations"].([]any)[1].(map[string]any)["attendee_id"] = "" }), "revocations[1].attendee_id: empty"},
		{"negative pending", frameWith(t, all["heartbeat"], func(d map[string]any) { d["pending"] = -1 }), "decode heartbeat: pending: negative value -1"},
		{"negative counts version", frameWith(t, all["counts"], func(d map[string]any) { d["version"] = -1 }), "version: negative value -1"},
		{"negative checkpoint count", frameWith(t, all["counts"], func(d map[string]any) { d["by_checkpoint"].(map[string]any)["salle-1"].(map[string]any)["inside"] = -2 }), "by_checkpoint.salle-1.inside: negative value -2"},
		{"counts empty key", frameWith(t, all["counts"], func(d map[string]any) { d["by_category"].(map[string]any)[""] = map[string]any{} }), "by_category key: empty"},
		{"counts negative verdict", frameWith(t, all["counts"], func(d map[string]any) { d["by_verdict"].(map[string]any)["revoked"] = -1 }), "by_verdict.revoked: negative value -1"},
		{"counts kiosk without name", frameWith(t, all["counts"], func(d map[string]any) { d["kiosks"].([]any)[1].(map[string]any)["name"] = "" }), "kiosks[1].name: empty"},
		{"welcome without role", frameWith(t, all["welcome"], func(d map[string]any) { delete(d, "role") }), "decode welcome: role: empty"},
		{"welcome protocol 0", frameWith(t, all["welcome"], func(d map[string]any) { d["protocol"] = 0 }), "decode welcome: protocol: 0"},
		{"error without code", frameWith(t, all["error"], func(d map[string]any) { delete(d, "code") }), "decode error: code: empty"},
	}
}

func mustFrame(t testing.TB, b protocol.ScanBatch) []byte {
	t.Helper()
	frame, err := json.Marshal(map[string]any{"type": "scans", "data": b})
	if err != nil {
		t.Fatal(err)
	}
	return frame
}

func TestDecodeRefuses(t *testing.T) {
	for _, tt := range badFrames(t) {
		t.Run(tt.name, func(t *testing.T) {
			m, err := protocol.Decode(tt.frame)
			if err == nil {
				t.Fatalf("Decode accepted %.200s as %+v", tt.frame, m)
			}
			if m != nil {
				t.Errorf("Decode returned %+v with its error", m)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tt.want)
			}
			// Every refusal is either a type we do not know or a ValidationError.
			var verr *protocol.ValidationError
			if errors.Is(err, protocol.ErrUnknownType) == errors.As(err, &verr) {
				t.Errorf("error %q: want exactly one of ErrUnknownType and *ValidationError", err)
			}
		})
	}
}

func TestDecodeUnknownType(t *testing.T) {
	// Newer peers may send types we do not know: callers skip them.
	_, err := protocol.Decode([]byte(`{"type":"telemetry","data":{"x":1}}`))
	if !errors.Is(err, protocol.ErrUnknownType) {
		t.Fatalf("error %v, want ErrUnknownType", err)
	}
}

func TestDecodeAccepts(t *testing.T) {
	tests := []struct {
		name  string
		frame string
		want  protocol.Message
	}{
		{"unknown fields ignored", `{"type":"ack","v":2,"data":{"epoch":"e","seq":3,"future":{"a":[1,2]}}}`, &protocol.Ack{Epoch: "e", Seq: 3}},
		{"whitespace around", " \n{ \"type\" : \"ack\" , \"data\" : {\"epoch\":\"e\",\"seq\":0} }\n", &protocol.Ack{Epoch: "e"}},
		{"escaped type", `{"type":"\u0061ck","data":{"epoch":"e","seq":1}}`, &protocol.Ack{Epoch: "e", Seq: 1}},
		{"data before type", `{"data":{"code":"internal"},"type":"error"}`, &protocol.Error{Code: "internal"}},
		// encoding/json lets the last of duplicate keys win; Decode agrees,
		// whichever way it found the type.
		{"later type wins", `{"type":"ack","type":"error","data":{"code":"internal"}}`, &protocol.Error{Code: "internal"}},
		{"later known type wins", `{"type":"telemetry","type":"ack","data":{"epoch":"e","seq":2}}`, &protocol.Ack{Epoch: "e", Seq: 2}},
		{"type key in other case", `{"TYPE":"ack","Data":{"Epoch":"e","seq":2}}`, &protocol.Ack{Epoch: "e", Seq: 2}},
		{"zero time as null", `{"type":"heartbeat","data":{"pending":1,"kiosk_time":"2026-06-02T09:00:00Z","last_scan_at":null}}`,
			&protocol.Heartbeat{Pending: 1, KioskTime: time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)}},
		{"refused scan without attendee", `{"type":"scans","data":{"epoch":"e","scans":[{"seq":1,"id":"0123456789abcdef0123456789abcdef",` +
			`"kiosk":"k","checkpoint":"entrance","direction":"in","verdict":"unreadable","at":"2026-06-02T09:00:00Z"}]}}`,
			&protocol.ScanBatch{Epoch: "e", Scans: []protocol.WireScan{{Seq: 1, ID: "0123456789abcdef0123456789abcdef", Kiosk: "k",
				Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictUnreadable, At: time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := protocol.Decode([]byte(tt.frame))
			if err != nil {
				t.Fatal(err)
			}
			if !equalFrames(t, got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// equalFrames compares two messages by their encoding, which holds every
// field, times to the nanosecond with their offsets.
func equalFrames(t testing.TB, a, b protocol.Message) bool {
	return string(mustEncode(t, a)) == string(mustEncode(t, b))
}

func TestEncodeRefuses(t *testing.T) {
	all := samples(t)
	noKiosk := all["hello"].(protocol.Hello)
	noKiosk.Kiosk = ""
	badUTF8 := all["roster"].(protocol.RosterUpdate)
	badUTF8.Attendees = []protocol.WireAttendee{{ID: "A1", LastName: "Mü\xfcller", Category: kiosk.CategoryVisitor, Language: kiosk.French}}
	huge := protocol.Error{Code: protocol.CodeInternal, Message: strings.Repeat("é", protocol.MaxFrameBytes/2)}
	tests := []struct {
		name string
		msg  protocol.Message
		want string
	}{
		{"nil", nil, "nil message"},
		{"nil pointer", (*protocol.Ack)(nil), "nil *protocol.Ack"},
		{"foreign message", foreign{}, "not a message of package protocol"},
		{"invalid", noKiosk, "encode hello: kiosk: empty"},
		{"invalid pointer", &noKiosk, "encode hello: kiosk: empty"},
		{"invalid UTF-8", badUTF8, "attendees[0].last_name: invalid UTF-8"},
		{"too large", huge, "encode error: frame: 1048632 bytes, more than 1048576"},
		{"batch of 501", scanBatch(t, protocol.MaxBatch+1), "scans: 501 scans"},
		{"roster over 200,000", protocol.RosterUpdate{Attendees: make([]protocol.WireAttendee, 200_001)}, "attendees: 200001 attendees, more than 200000"},
		{"seen over MaxBatch", protocol.Seen{Cursor: 1000, Scans: make([]protocol.SeenScan, protocol.MaxBatch+1)}, "scans: 501 scans, more than 500"},
		{"local mean time", protocol.Heartbeat{KioskTime: time.Date(1890, 1, 1, 0, 0, 0, 0, time.FixedZone("LMT", 561))}, "kiosk_time: time zone offset of 561 s"},
		{"year 10000", protocol.Heartbeat{KioskTime: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "kiosk_time: year 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := protocol.Encode(tt.msg)
			if err == nil {
				t.Fatalf("Encode gave %.200s", b)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

type foreign struct{}

func (foreign) Type() string { return "ack" }

func TestValidationError(t *testing.T) {
	frame := frameWith(t, samples(t)["scans"], scanField(3, "verdict", "maybe"))
	_, err := protocol.Decode(frame)
	var verr *protocol.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v is no ValidationError", err)
	}
	if got, want := verr.Error(), `scans[3].verdict: unknown verdict "maybe"`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if verr.Field != "scans[3].verdict" {
		t.Errorf("Field = %q", verr.Field)
	}
}
