package protocol_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/accueil/accueil/sync/protocol"
)

// FuzzDecode checks that no frame makes Decode panic, and that what Decode
// accepts survives Encode: a hub relays what it decoded, so a message that
// decodes but does not re-encode (or re-encodes into something else) would
// break the relay.
func FuzzDecode(f *testing.F) {
	for _, m := range samples(f) {
		f.Add(mustEncode(f, m))
	}
	for _, bad := range badFrames(f) {
		if len(bad.frame) <= 64<<10 { // the fuzzer mutates seeds slowly when they are huge
			f.Add(bad.frame)
		}
	}
	// Times at the edges of what RFC 3339 and time.Parse agree on.
	for _, at := range []string{"2026-06-02T09:00:00+00:00", "2026-06-02T09:00:00-00:00", "0000-01-01T00:00:00-01:00",
		"9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59+24:00", "2026-06-02T09:00:00.1234567891Z", "2026-06-02T09:00:00,5Z"} {
		f.Add([]byte(`{"type":"heartbeat","data":{"pending":0,"kiosk_time":"` + at + `","last_scan_at":"` + at + `"}}`))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		m, err := protocol.Decode(frame)
		if err != nil {
			var verr *protocol.ValidationError
			if m != nil || (!errors.Is(err, protocol.ErrUnknownType) && !errors.As(err, &verr)) {
				t.Fatalf("Decode(%q) = %v, %v: want nil and an unknown type or a ValidationError", frame, m, err)
			}
			return
		}
		once, err := protocol.Encode(m)
		if err != nil {
			var verr *protocol.ValidationError
			// Encode may write a frame longer than the one read (it escapes
			// U+2028, fills in omitted fields): only near the limit may
			// that make it too large.
			if errors.As(err, &verr) && verr.Field == "frame" && len(frame) > protocol.MaxFrameBytes/2 {
				return
			}
			t.Fatalf("Decode accepted %q as %+v, which Encode refuses: %v", frame, m, err)
		}
		m2, err := protocol.Decode(once)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %s, which Decode refuses: %v", frame, once, err)
		}
		if twice := mustEncode(t, m2); !bytes.Equal(once, twice) {
			t.Fatalf("re-encoding changed the frame\n%s\n%s", once, twice)
		}
		// Once in its canonical form a message is a fixed point, down to
		// the time locations reflect.DeepEqual compares.
		m3, err := protocol.Decode(mustEncode(t, m2))
		if err != nil || !reflect.DeepEqual(m2, m3) {
			t.Fatalf("decoding %s twice differs: %+v / %+v (%v)", once, m2, m3, err)
		}
	})
}
