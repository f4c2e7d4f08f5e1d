package kiosk_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
)

func TestAttendeeValidateBounds(t *testing.T) {
	base := kiosk.Attendee{ID: "A1", FirstName: "Jean", LastName: "Dupont"}
	tests := []struct {
		field string
		max   int
		set   func(a *kiosk.Attendee, v string)
	}{
		{"first_name", kiosk.MaxNameLength, func(a *kiosk.Attendee, v string) { a.FirstName = v }},
		{"last_name", kiosk.MaxNameLength, func(a *kiosk.Attendee, v string) { a.LastName = v }},
		{"organisation", kiosk.MaxOrganisationLength, func(a *kiosk.Attendee, v string) { a.Organisation = v }},
		{"country", kiosk.MaxCountryLength, func(a *kiosk.Attendee, v string) { a.Country = v }},
		{"email", kiosk.MaxEmailLength, func(a *kiosk.Attendee, v string) { a.Email = v }},
		{"code", kiosk.MaxCodeLength, func(a *kiosk.Attendee, v string) { a.Code = v }},
		{"note", kiosk.MaxNoteLength, func(a *kiosk.Attendee, v string) { a.Note = v }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			a := base
			tt.set(&a, strings.Repeat("ü", tt.max)) // 2 bytes each: the bound counts characters
			if err := a.Validate(); err != nil {
				t.Errorf("%s at its bound: %v", tt.field, err)
			}
			tt.set(&a, strings.Repeat("u", tt.max+1))
			err := a.Validate()
			var long *kiosk.FieldTooLongError
			if !errors.As(err, &long) || long.Field != tt.field || long.Length != tt.max+1 || long.Max != tt.max {
				t.Fatalf("Validate = %v, want a FieldTooLongError for %s", err, tt.field)
			}
			if !strings.HasPrefix(err.Error(), tt.field+" is ") {
				t.Errorf("message %q", err)
			}
		})
	}
	a := base
	a.Note = strings.Repeat("n", 3201)
	if err := a.Validate(); err == nil || err.Error() != "note is 3,201 characters, at most 1,000" {
		t.Errorf("Validate = %v", err)
	}
}

func TestCheckpointValidateBounds(t *testing.T) {
	c := kiosk.Checkpoint{ID: strings.Repeat("c", kiosk.MaxCheckpointIDLength), Name: strings.Repeat("é", kiosk.MaxCheckpointNameLength),
		NameEN: "Hall", Room: strings.Repeat("r", kiosk.MaxRoomLength), Kind: kiosk.KindEntrance}
	if err := c.Validate(); err != nil {
		t.Fatalf("at every bound: %v", err)
	}
	for _, tt := range []struct {
		edit func(c *kiosk.Checkpoint)
		want string
	}{
		{func(c *kiosk.Checkpoint) { c.ID += "c" }, "id longer than 64 bytes"},
		{func(c *kiosk.Checkpoint) { c.Name += "é" }, "name is 201 characters, at most 200"},
		{func(c *kiosk.Checkpoint) { c.NameEN = strings.Repeat("e", 1234) }, "name_en is 1,234 characters, at most 200"},
		{func(c *kiosk.Checkpoint) { c.Room += "r" }, "room is 201 characters"},
	} {
		bad := c
		tt.edit(&bad)
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate = %v, want %q", err, tt.want)
		}
	}
}

func TestCodeHash(t *testing.T) {
	sum := sha256.Sum256([]byte("faic2016\x00EXT-1"))
	if got, want := kiosk.CodeHash("faic2016", "EXT-1"), hex.EncodeToString(sum[:]); got != want {
		t.Errorf("CodeHash = %s, want %s", got, want)
	}
	if kiosk.CodeHash("faic2016", "EXT-1") == kiosk.CodeHash("other", "EXT-1") {
		t.Error("the event does not change the hash")
	}
	long := strings.Repeat("x", 1000) // beyond the stack buffer
	sum = sha256.Sum256([]byte("e\x00" + long))
	if kiosk.CodeHash("e", long) != hex.EncodeToString(sum[:]) {
		t.Error("long code")
	}
	h := kiosk.CodeHash("e", "c")
	for s, want := range map[string]bool{h: true, strings.ToUpper(h): false, h[:63]: false, h + "0": false, "": false,
		strings.Repeat("g", 64): false} {
		if kiosk.IsCodeHash(s) != want {
			t.Errorf("IsCodeHash(%q) = %v", s, !want)
		}
	}
	a := kiosk.Attendee{ID: "A1", LastName: "X", CodeHash: "nothex"}
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "code_hash") {
		t.Errorf("Validate = %v", err)
	}
}

func BenchmarkCodeHash(b *testing.B) {
	for b.Loop() {
		kiosk.CodeHash("faic2016", "WI-7K3QABCDEFGH")
	}
}
