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
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	// 08:30 the next morning in Paris; 23:30 in Paris is 21:30 UTC, the
	// same day.
	day2 := time.Date(2016, 7, 5, 8, 30, 0, 0, paris)
	lateSameDay := time.Date(2016, 7, 4, 23, 30, 0, 0, paris)
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
		{"second morning, never scanned out", kiosk.Situation{Checkpoint: kiosk.DefaultEntrance, Direction: kiosk.In, At: day2, Attendee: member,
			Presence: kiosk.Presence{Inside: true, FirstAt: first, FirstKiosk: "desk"}, Zone: paris},
			kiosk.Decision{Verdict: kiosk.VerdictAccepted, Reason: kiosk.ReasonNewDay, NewDay: true}},
		{"second morning, left the day before", kiosk.Situation{Checkpoint: kiosk.DefaultEntrance, Direction: kiosk.In, At: day2, Attendee: member,
			Presence: kiosk.Presence{FirstAt: first, FirstKiosk: "desk"}, Zone: paris},
			kiosk.Decision{Verdict: kiosk.VerdictAccepted, NewDay: true}},
		{"late evening is still the same day in Paris", kiosk.Situation{Checkpoint: kiosk.DefaultEntrance, Direction: kiosk.In, At: lateSameDay, Attendee: member,
			Presence: kiosk.Presence{Inside: true, FirstAt: first, FirstKiosk: "desk"}, Zone: paris},
			kiosk.Decision{Verdict: kiosk.VerdictAlreadyCheckedIn, FirstAt: first, FirstKiosk: "desk"}},
		{"a new day still obeys the session's hours", kiosk.Situation{Checkpoint: ag, Direction: kiosk.In, At: start.Add(24 * time.Hour), Attendee: member,
			Presence: kiosk.Presence{Inside: true, FirstAt: first}, Zone: paris},
			kiosk.Decision{Verdict: kiosk.VerdictNotAllowedHere, Reason: kiosk.ReasonAfterClosing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kiosk.Decide(tt.sit); got != tt.want {
				t.Errorf("Decide = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMoves(t *testing.T) {
	accepted := kiosk.Decision{Verdict: kiosk.VerdictAccepted}
	for _, tc := range []struct {
		name string
		d    kiosk.Decision
		dir  kiosk.Direction
		want int
	}{
		{"entry", accepted, kiosk.In, 1},
		{"exit", accepted, kiosk.Out, -1},
		{"exit unseen", kiosk.Decision{Verdict: kiosk.VerdictAccepted, Reason: kiosk.ReasonNotInside}, kiosk.Out, 0},
		{"second morning, still counted inside", kiosk.Decision{Verdict: kiosk.VerdictAccepted, Reason: kiosk.ReasonNewDay, NewDay: true}, kiosk.In, 0},
		{"second morning after leaving", kiosk.Decision{Verdict: kiosk.VerdictAccepted, NewDay: true}, kiosk.In, 1},
		{"refused", kiosk.Decision{Verdict: kiosk.VerdictRoomFull}, kiosk.In, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.Moves(tc.dir); got != tc.want {
				t.Errorf("Moves = %d, want %d", got, tc.want)
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
