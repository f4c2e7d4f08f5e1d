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

// The hub always puts at least one item in a page (protocol.Fit), so one
// item at the protocol's bounds, in the characters that cost the most once
// escaped, must fit a page on its own: the field bounds are what make a
// page's size finite, whatever the hub's store holds.
func TestLongestItemFitsAPage(t *testing.T) {
	fill := func(max int, c string) string { return strings.Repeat(c, max) }
	// The id is bounded in bytes, and must not be blank.
	id := func(c string) string { return "A" + strings.Repeat(c, (kiosk.MaxIDLength-1)/len(c)) }
	for _, c := range []string{"\x01", "\u2028", `"`, "😀"} {
		a := protocol.WireAttendee{ID: id(c), FirstName: "A" + fill(kiosk.MaxNameLength-1, c),
			LastName: fill(kiosk.MaxNameLength, c), Organisation: fill(kiosk.MaxOrganisationLength, c),
			Category: kiosk.CategoryDelegation, Country: fill(kiosk.MaxCountryLength, c), Language: kiosk.English,
			Code: fill(kiosk.MaxCodeLength, c), Note: fill(kiosk.MaxNoteLength, c), Badge: strings.Repeat("A", kiosk.TokenMaxBytes)}
		frame, err := protocol.Encode(protocol.RosterUpdate{Version: 1 << 40, Full: true, Attendees: []protocol.WireAttendee{a}})
		if err != nil {
			t.Fatalf("%q: the longest attendee the protocol allows: %v", c, err)
		}
		if a.Size() < len(frame)-64 || a.Size() > protocol.PageBudget/8 {
			t.Errorf("%q: attendee of %d bytes in a frame of %d, Size %d, page budget %d", c, len(frame)-64, len(frame), a.Size(), protocol.PageBudget)
		}
		// Every field at its bound, a wider checkpoint list refused.
		cp := protocol.WireCheckpoint{ID: "cp", Name: "A" + fill(kiosk.MaxCheckpointNameLength-1, c), NameEN: fill(kiosk.MaxCheckpointNameLength, c),
			Room: fill(kiosk.MaxRoomLength, c), Kind: kiosk.KindSession, Capacity: 1 << 30, Categories: kiosk.Categories}
		if frame, err = protocol.Encode(protocol.CheckpointsUpdate{Version: 1, Checkpoints: []protocol.WireCheckpoint{cp}}); err != nil {
			t.Fatalf("%q: the longest checkpoint: %v", c, err)
		}
		if cp.Size() < len(frame)-64 || cp.Size() > protocol.PageBudget/8 {
			t.Errorf("%q: checkpoint in a frame of %d, Size %d", c, len(frame), cp.Size())
		}
		r := protocol.Revocation{AttendeeID: id(c), Issue: 1 << 30, Reason: strings.Repeat(c, 4*kiosk.MaxNoteLength/len(c))}
		if frame, err = protocol.Encode(protocol.RevocationsUpdate{Version: 1, Revocations: []protocol.Revocation{r}}); err != nil {
			t.Fatalf("%q: the longest revocation: %v", c, err)
		}
		if r.Size() < len(frame)-64 || r.Size() > protocol.PageBudget/8 {
			t.Errorf("%q: revocation in a frame of %d, Size %d", c, len(frame), r.Size())
		}
	}
	// A checkpoint's categories are a set: a list repeating them is refused
	// (it would be as long as a hostile peer likes).
	many := make([]kiosk.Category, 100_000)
	for i := range many {
		many[i] = kiosk.CategoryVisitor
	}
	cp := protocol.WireCheckpoint{ID: "cp", Name: "Salle", Kind: kiosk.KindSession, Categories: many}
	if _, err := protocol.Encode(protocol.CheckpointsUpdate{Version: 1, Checkpoints: []protocol.WireCheckpoint{cp}}); err == nil {
		t.Error("a checkpoint naming one category 100,000 times was sent")
	}
	if got := protocol.FromCheckpoint(kiosk.Checkpoint{ID: "cp", Categories: many}).Categories; len(got) != 1 {
		t.Errorf("FromCheckpoint kept %d categories of one", len(got))
	}
}
