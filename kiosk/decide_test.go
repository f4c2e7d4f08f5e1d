package kiosk_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
)

func TestDecide(t *testing.T) {
	start := time.Date(2016, 7, 4, 14, 0, 0, 0, time.UTC)
	ag := kiosk.Checkpoint{ID: "ag-cuf", Name: "AG", Kind: kiosk.KindSession, Capacity: 300,
		Categories: []kiosk.Category{kiosk.CategoryVisitor, kiosk.CategorySpeaker, kiosk.CategoryStaff},
		StartsAt:   start, EndsAt: start.Add(2 * time.Hour)}
	member := kiosk.Attendee{ID: "A1", LastName: "Martin", Category: kiosk.CategoryVisitor}
	press := kiosk.Attendee{ID: "A2", LastName: "Smith", Category: kiosk.CategoryPress}
	first := start.Add(-10 * time.Minute)
	tests := []struct {
		name string
		sit  kiosk.Situation
		want kiosk.Decision
	}{
		{"member enters", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start, Attendee: member},
			kiosk.Decision{Verdict: kiosk.VerdictAccepted}},
		{"doors open 30 min early", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start.Add(-29 * time.Minute), Attendee: member},
			kiosk.Decision{Verdict: kiosk.VerdictAccepted}},
		{"too early", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start.Add(-31 * time.Minute), Attendee: member},
			kiosk.Decision{Verdict: kiosk.VerdictNotAllowedHere, Reason: kiosk.ReasonBeforeOpening}},
		{"too late", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start.Add(3 * time.Hour), Attendee: member},
			kiosk.Decision{Verdict: kiosk.VerdictNotAllowedHere, Reason: kiosk.ReasonAfterClosing}},
		{"press at members-only meeting", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start, Attendee: press},
			kiosk.Decision{Verdict: kiosk.VerdictNotAllowedHere, Reason: kiosk.ReasonCategory}},
		{"full", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start, Attendee: member, Occupancy: 300},
			kiosk.Decision{Verdict: kiosk.VerdictRoomFull}},
		{"already inside", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start, Attendee: member,
			Presence: kiosk.Presence{Inside: true, FirstAt: first, FirstKiosk: "door-1"}},
			kiosk.Decision{Verdict: kiosk.VerdictAlreadyCheckedIn, FirstAt: first, FirstKiosk: "door-1"}},
		{"back after leaving", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start, Attendee: member,
			Presence: kiosk.Presence{Inside: false, FirstAt: first, FirstKiosk: "door-1"}},
			kiosk.Decision{Verdict: kiosk.VerdictAccepted}},
		{"revoked", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start, Attendee: member, Revoked: true},
			kiosk.Decision{Verdict: kiosk.VerdictRevoked}},
		{"leaves", kiosk.Situation{Checkpoint: ag, Direction: kiosk.Out, At: start, Attendee: member, Presence: kiosk.Presence{Inside: true}},
			kiosk.Decision{Verdict: kiosk.VerdictAccepted}},
		{"leaves unseen", kiosk.Situation{Checkpoint: ag, Direction: kiosk.Out, At: start, Attendee: press},
			kiosk.Decision{Verdict: kiosk.VerdictAccepted, Reason: kiosk.ReasonNotInside}},
		{"entrance admits all", kiosk.Situation{Checkpoint: kiosk.DefaultEntrance, Direction: kiosk.In, At: start, Attendee: press},
			kiosk.Decision{Verdict: kiosk.VerdictAccepted}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kiosk.Decide(tt.sit); got != tt.want {
				t.Errorf("Decide = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func BenchmarkVerifyToken(b *testing.B) {
	k := mustKey(b)
	br := kiosk.NewBadgeReader("faic2016", k.Public())
	tok := mustSign(b, k, kiosk.Token{Event: "faic2016", AttendeeID: "A0001", Issue: 1})
	b.ReportAllocs()
	for b.Loop() {
		if _, v := br.Read(tok); v != "" {
			b.Fatal(v)
		}
	}
}
