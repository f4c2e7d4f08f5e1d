package sqlite_test

import (
	"errors"
	"testing"

	"github.com/accueil/accueil/kiosk"
)

// What a desk prints on a badge, best first: a walk-in's signed token, the
// token that came with the roster, a code; nothing for a revoked badge or
// when the kiosk holds neither token nor code.
func TestBadgePayload(t *testing.T) {
	f := newFixture(t)
	desk := f.store.Desk("desk-1", "entrance", nil)
	walkIn, code, err := desk.WalkIn(ctx, kiosk.Attendee{FirstName: "Fatou", LastName: "Sow"})
	if err != nil {
		t.Fatal(err)
	}
	late, lateCode, err := desk.WalkIn(ctx, kiosk.Attendee{FirstName: "Ana", LastName: "Lima"})
	if err != nil {
		t.Fatal(err)
	}
	walkInTok, a1Tok := f.token(t, walkIn.ID, 1), f.token(t, "A1", 1)
	if err := f.store.SaveWalkInBadges(ctx, map[string]string{walkIn.ID: walkInTok}); err != nil {
		t.Fatal(err)
	}
	// The roster again, as a desk gets it: A1 with its token, A3 without.
	roster := testRoster()
	if err := f.store.ApplyRosterWithBadges(ctx, 7, roster[:3], map[string]string{"A1": a1Tok}); err != nil {
		t.Fatal(err)
	}
	// A later update without the token keeps it.
	if err := f.store.ApplyRoster(ctx, 8, roster[:1]); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Revoke(ctx, "A2", 0, "lost"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id      string
		payload string
		kind    kiosk.PayloadKind
		err     error
	}{
		{walkIn.ID, walkInTok, kiosk.PayloadToken, nil},
		{late.ID, lateCode, kiosk.PayloadCode, nil},
		{"A1", a1Tok, kiosk.PayloadToken, nil},
		{"A3", "WZ-123", kiosk.PayloadCode, nil},
		{"A4", "", "", kiosk.ErrNoBadge},
		{"A2", "", "", kiosk.ErrBadgeRevoked},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			a, payload, kind, err := f.store.BadgePayload(ctx, tt.id)
			if !errors.Is(err, tt.err) || payload != tt.payload || kind != tt.kind {
				t.Fatalf("got %.24q (%s), %v; want %.24q (%s), %v", payload, kind, err, tt.payload, tt.kind, tt.err)
			}
			if a.ID != tt.id {
				t.Errorf("attendee %q", a.ID)
			}
		})
	}
	// Revoking issue 1 voids the tokens: the code is printed, or nothing.
	if err := f.store.Revoke(ctx, walkIn.ID, 1, "lost"); err != nil {
		t.Fatal(err)
	}
	if _, payload, _, err := f.store.BadgePayload(ctx, walkIn.ID); err != nil || payload != code {
		t.Errorf("walk-in with issue 1 revoked: %q, %v; want its code", payload, err)
	}
	if n, err := f.store.Purge(ctx); err != nil || n == 0 {
		t.Fatalf("purge: %d, %v", n, err)
	}
	if _, _, _, err := f.store.BadgePayload(ctx, "A1"); !errors.Is(err, kiosk.ErrNoBadge) {
		t.Errorf("A1 after purge: %v, want no badge", err)
	}
}

func TestPrintLog(t *testing.T) {
	f := newFixture(t)
	if _, ok, err := f.store.LastPrint(ctx, "A1"); ok || err != nil {
		t.Fatalf("never printed: %v, %v", ok, err)
	}
	first := kiosk.PrintRecord{AttendeeID: "A1", PayloadHash: kiosk.PayloadHash("x"), Kind: kiosk.PayloadToken, Printer: "PDF",
		Job: "PDF-1", At: t0, Action: kiosk.PrintFirst}
	again := first
	again.Job, again.At, again.Action = "PDF-2", t0.Add(3600e9), kiosk.PrintReprint
	for _, p := range []kiosk.PrintRecord{first, again} {
		if err := f.store.RecordPrint(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	last, ok, err := f.store.LastPrint(ctx, "A1")
	if err != nil || !ok || last != again {
		t.Errorf("last print %+v, %v, %v; want %+v", last, ok, err, again)
	}
	all, err := f.store.Prints(ctx, "A1")
	if err != nil || len(all) != 2 || all[0] != first {
		t.Errorf("print log %+v, %v", all, err)
	}
	bad := first
	bad.Action = "sometimes"
	if err := f.store.RecordPrint(ctx, bad); err == nil {
		t.Error("an unknown action was logged")
	}
}
