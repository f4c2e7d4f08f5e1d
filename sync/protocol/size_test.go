package protocol_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// Size is never below what Encode writes, whatever the text holds: the
// pages the hub cuts by it must fit the frame limit.
func FuzzSizeBounds(f *testing.F) {
	for _, s := range []string{"", "Awa", `"\"`, "\u2028\u2029", "\x01\x1f", "é😀", strings.Repeat(`"`, 1000)} {
		f.Add(s)
	}
	// As Encode writes: no HTML escaping.
	marshal := func(v any) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(v)
		return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := protocol.WireAttendee{ID: "A1", FirstName: s, LastName: s, Organisation: s, Category: kiosk.CategoryVisitor,
			Country: s, Language: kiosk.French, Note: s, Badge: s, CodeHash: s}
		if b := marshal(a); len(b) > a.Size() {
			t.Fatalf("attendee: %d bytes encoded, Size says %d", len(b), a.Size())
		}
		r := protocol.Revocation{AttendeeID: s, Issue: 99999, Reason: s}
		if b := marshal(r); len(b) > r.Size() {
			t.Fatalf("revocation: %d bytes encoded, Size says %d", len(b), r.Size())
		}
		c := protocol.WireCheckpoint{ID: s, Name: s, NameEN: s, Room: s, Kind: kiosk.KindSession, Capacity: 100000,
			Categories: []kiosk.Category{kiosk.Category(s)}}
		if b := marshal(c); len(b) > c.Size() {
			t.Fatalf("checkpoint: %d bytes encoded, Size says %d", len(b), c.Size())
		}
	})
}
