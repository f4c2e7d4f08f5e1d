package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"unicode/utf8"
)

// Message is the payload of one frame. Every payload struct of this package
// implements it, with a value receiver, so both T and *T can be encoded.
type Message interface {
	// Type is the envelope's "type", such as "scans".
	Type() string
}

// payload is what the package's own messages add to Message: a full check
// of their content, run by Decode on arrival and by Encode before sending,
// so that a sender's bug shows at the sender rather than as a refusal far away.
type payload interface {
	Message
	validate() *ValidationError
}

// The message types, as spelled in the envelope.
const (
	typeHello       = "hello"
	typeWelcome     = "welcome"
	typeScans       = "scans"
	typeAck         = "ack"
	typeSeen        = "seen"
	typeRelay       = "relay"
	typeRoster      = "roster"
	typeCheckpoints = "checkpoints"
	typeRevocations = "revocations"
	typeHeartbeat   = "heartbeat"
	typeCounts      = "counts"
	typeKiosks      = "kiosks"
	typeError       = "error"
	typeWalkIns     = "walkins"
	typeWalkInsAck  = "walkins_ack"
	typeStaffPIN    = "staff_pin"
	typeAlerts      = "alerts"
)

// decoders reads a whole frame as an envelope of each known type.
var decoders = map[string]func(frame []byte) (payload, rawValue, error){
	typeHello:       decodeAs[Hello],
	typeWelcome:     decodeAs[Welcome],
	typeScans:       decodeAs[ScanBatch],
	typeAck:         decodeAs[Ack],
	typeSeen:        decodeAs[Seen],
	typeRelay:       decodeAs[Relay],
	typeRoster:      decodeAs[RosterUpdate],
	typeCheckpoints: decodeAs[CheckpointsUpdate],
	typeRevocations: decodeAs[RevocationsUpdate],
	typeHeartbeat:   decodeAs[Heartbeat],
	typeCounts:      decodeAs[Counts],
	typeKiosks:      decodeAs[KioskList],
	typeError:       decodeAs[Error],
	typeWalkIns:     decodeAs[WalkIns],
	typeWalkInsAck:  decodeAs[WalkInsAck],
	typeStaffPIN:    decodeAs[StaffPIN],
	typeAlerts:      decodeAs[Alerts],
}

// decodeAs unmarshals frame as an envelope whose data is a T, in one call
// of json.Unmarshal.
// It returns the payload (nil when data is missing or null) and the raw
// type value as it stands after the last "type" key.
func decodeAs[T any, P interface {
	*T
	payload
}](frame []byte) (payload, rawValue, error) {
	var env struct {
		Type rawValue `json:"type"`
		Data P        `json:"data"`
	}
	err := json.Unmarshal(frame, &env)
	if env.Data == nil {
		return nil, env.Type, err // a nil P would make a non-nil payload
	}
	return env.Data, env.Type, err
}

// ErrUnknownType is returned, wrapped, by Decode for a well-formed envelope
// whose type this version does not know. Callers skip such frames: a newer
// peer may send types we have never heard of.
var ErrUnknownType = errors.New("unknown message type")

// Encode validates m and returns its envelope, ready for one text frame.
func Encode(m Message) ([]byte, error) {
	if m == nil {
		return nil, errors.New("encode: nil message")
	}
	if v := reflect.ValueOf(m); v.Kind() == reflect.Pointer && v.IsNil() {
		// Type has a value receiver: calling it through a nil pointer would panic.
		return nil, fmt.Errorf("encode: nil %T", m)
	}
	p, ok := m.(payload)
	if !ok {
		return nil, fmt.Errorf("encode: %T is not a message of package protocol", m)
	}
	typ := p.Type()
	if verr := p.validate(); verr != nil {
		return nil, fmt.Errorf("encode %s: %w", typ, verr)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Frames go to programs, never into HTML: escaping <, > and & only
	// lengthens names such as "Johnson & Johnson".
	enc.SetEscapeHTML(false)
	if err := enc.Encode(envelope{Type: typ, Data: p}); err != nil {
		return nil, fmt.Errorf("encode %s: %w", typ, err)
	}
	frame := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if len(frame) > MaxFrameBytes {
		return nil, fmt.Errorf("encode %s: %w", typ, invalid("frame", "%d bytes, more than %d", len(frame), MaxFrameBytes))
	}
	return frame, nil
}

type envelope struct {
	Type string  `json:"type"`
	Data payload `json:"data"`
}

// rawValue keeps the bytes of one JSON value as a slice of the frame, where
// json.RawMessage would copy them. It is read only before Decode returns,
// while the caller's frame is unchanged.
type rawValue []byte

func (r *rawValue) UnmarshalJSON(b []byte) error {
	*r = b
	return nil
}

// present reports whether the value was given and is not null.
func (r rawValue) present() bool { return len(r) > 0 && string(r) != "null" }

// is reports whether the value is the JSON string s, written without escapes.
func (r rawValue) is(s string) bool {
	return len(r) == len(s)+2 && r[0] == '"' && r[len(r)-1] == '"' && string(r[1:len(r)-1]) == s
}

// Decode reads one frame and returns a pointer to its payload struct, such
// as *ScanBatch, after checking all of it. An unknown type gives an error
// wrapping ErrUnknownType; anything malformed or invalid gives one wrapping
// a *ValidationError.
func Decode(frame []byte) (Message, error) {
	if verr := checkFrame(frame); verr != nil {
		return nil, fmt.Errorf("decode frame: %w", verr)
	}
	// Frames written by Encode name their type first: reading it there lets
	// one pass of encoding/json do all the work. The type is confirmed after
	// that pass, since a later "type" key would win.
	if typ, ok := leadingType(frame); ok {
		if decode, known := decoders[typ]; known {
			p, final, err := decode(frame)
			if final.is(typ) {
				return finish(typ, p, err)
			}
		}
	}
	typ, verr := envelopeType(frame)
	if verr != nil {
		return nil, fmt.Errorf("decode frame: %w", verr)
	}
	decode, known := decoders[typ]
	if !known {
		return nil, fmt.Errorf("decode frame: %w %.64q", ErrUnknownType, typ)
	}
	p, _, err := decode(frame)
	return finish(typ, p, err)
}

// finish checks what decodeAs returned.
func finish(typ string, p payload, err error) (Message, error) {
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", typ, jsonError(err))
	}
	if p == nil {
		return nil, fmt.Errorf("decode %s: %w", typ, invalid("data", "missing"))
	}
	if verr := p.validate(); verr != nil {
		return nil, fmt.Errorf("decode %s: %w", typ, verr)
	}
	return p, nil
}

// leadingType reads the type of a frame that starts exactly as Encode
// writes it, {"type":"name"; anything else is left to envelopeType.
func leadingType(frame []byte) (string, bool) {
	rest, ok := bytes.CutPrefix(frame, []byte(`{"type":"`))
	if !ok {
		return "", false
	}
	end := bytes.IndexByte(rest[:min(len(rest), 32)], '"')
	if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return "", false
	}
	return string(rest[:end]), true
}

// envelopeType reads the type of any well-formed envelope.
func envelopeType(frame []byte) (string, *ValidationError) {
	var env struct {
		Type rawValue `json:"type"`
	}
	if err := json.Unmarshal(frame, &env); err != nil {
		return "", jsonError(err)
	}
	if !env.Type.present() {
		return "", invalid("type", "missing")
	}
	var typ string
	if env.Type[0] != '"' || json.Unmarshal(env.Type, &typ) != nil {
		return "", invalid("type", "not a string: %.32s", env.Type)
	}
	return typ, nil
}

// checkFrame refuses what encoding/json would accept or quietly repair: a
// top level other than an object (json.Unmarshal takes null as "nothing to
// do") and invalid UTF-8 (which it turns into U+FFFD).
func checkFrame(frame []byte) *ValidationError {
	if len(frame) > MaxFrameBytes {
		return invalid("frame", "%d bytes, more than %d", len(frame), MaxFrameBytes)
	}
	body := bytes.TrimLeft(frame, " \t\r\n")
	if len(body) == 0 {
		return invalid("frame", "empty")
	}
	if body[0] != '{' {
		return invalid("frame", "not a JSON object: starts with %.16q", body)
	}
	if !utf8.Valid(frame) {
		return invalid("frame", "invalid UTF-8 at byte %d", invalidUTF8At(frame))
	}
	return nil
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
