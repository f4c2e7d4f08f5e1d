package hubstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

var ctx = context.Background()

func open(t *testing.T) *hubstore.Store {
	t.Helper()
	s, err := hubstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func scan(id string, seq int64, attendee string) hubstore.Scan {
	return hubstore.Scan{Seq: seq, Scan: kiosk.Scan{ID: id, Kiosk: "liar", Checkpoint: "entrance", Direction: kiosk.In,
		Verdict: kiosk.VerdictAccepted, AttendeeID: attendee, At: time.Date(2016, 7, 4, 9, 0, int(seq), 0, time.UTC)}}
}

func TestIngestIsIdempotent(t *testing.T) {
	s := open(t)
	b := hubstore.Batch{Kiosk: "k1", Epoch: "e1", Scans: []hubstore.Scan{scan("s1", 1, "A1"), scan("s2", 2, "A2")}}
	got, err := s.Ingest(ctx, []hubstore.Batch{b})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].AckedSeq != 2 || len(got[0].New) != 2 || got[0].New[0].Kiosk != "k1" || got[0].New[0].Cursor == 0 {
		t.Fatalf("first delivery: %+v", got[0])
	}
	// The same batch again (a lost ack) and an older one stored nothing new.
	again, err := s.Ingest(ctx, []hubstore.Batch{b, {Kiosk: "k1", Epoch: "e1", Scans: []hubstore.Scan{scan("s1", 1, "A1")}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(again[0].New)+len(again[1].New) != 0 || again[1].AckedSeq != 2 {
		t.Errorf("redelivery: %+v", again)
	}
	// A new epoch of the same kiosk (wiped and re-enrolled) starts again at 1.
	fresh, err := s.Ingest(ctx, []hubstore.Batch{{Kiosk: "k1", Epoch: "e2", Scans: []hubstore.Scan{scan("s3", 1, "A1")}}})
	if err != nil || fresh[0].AckedSeq != 1 || len(fresh[0].New) != 1 {
		t.Errorf("new epoch: %+v %v", fresh, err)
	}
	if seq, _ := s.AckedSeq(ctx, "k1", "e1"); seq != 2 {
		t.Errorf("acked e1 = %d", seq)
	}
	admitted, _ := s.AdmittedSince(ctx, got[0].New[0].Cursor, 10)
	if len(admitted) != 2 || admitted[0].ID != "s2" {
		t.Errorf("admitted since first: %+v", admitted)
	}
}

func TestEnrollment(t *testing.T) {
	s := open(t)
	if err := s.AddEnrollment(ctx, "door-1", protocol.RoleSession, "tok-hash"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddEnrollment(ctx, "door-2", "janitor", "x"); err == nil {
		t.Error("unknown role accepted")
	}
	k, err := s.Enroll(ctx, "tok-hash", "cred-1")
	if err != nil || k.Name != "door-1" || k.Role != protocol.RoleSession {
		t.Fatalf("enroll: %+v %v", k, err)
	}
	if _, err := s.Enroll(ctx, "tok-hash", "cred-2"); !errors.Is(err, hubstore.ErrEnrollment) {
		t.Errorf("replayed code: %v", err)
	}
	// The same kiosk retrying after a lost answer gets its enrollment again.
	if again, err := s.Enroll(ctx, "tok-hash", "cred-1"); err != nil || again.Name != "door-1" {
		t.Errorf("retry with the same credential: %+v %v", again, err)
	}
	if _, err := s.Enroll(ctx, "nope", "cred-3"); !errors.Is(err, hubstore.ErrEnrollment) {
		t.Errorf("unknown code: %v", err)
	}
	if k, err := s.KioskByCredential(ctx, "cred-1"); err != nil || k.Name != "door-1" {
		t.Errorf("credential: %+v %v", k, err)
	}
	if err := s.RevokeKiosk(ctx, "door-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.KioskByCredential(ctx, "cred-1"); !errors.Is(err, hubstore.ErrRevoked) {
		t.Errorf("revoked credential: %v", err)
	}
	// A code revoked before use is void.
	if err := s.AddEnrollment(ctx, "door-5", protocol.RoleSelf, "unused"); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeKiosk(ctx, "door-5"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enroll(ctx, "unused", "cred-5"); !errors.Is(err, hubstore.ErrEnrollment) {
		t.Errorf("code revoked before use: %v", err)
	}
	// Expired codes are refused.
	if err := s.AddEnrollment(ctx, "door-3", protocol.RoleSelf, "old"); err != nil {
		t.Fatal(err)
	}
	s.SetClock(func() time.Time { return time.Now().Add(hubstore.EnrollmentTTL + time.Minute) })
	if _, err := s.Enroll(ctx, "old", "cred-4"); !errors.Is(err, hubstore.ErrEnrollment) {
		t.Errorf("expired code: %v", err)
	}
}

func TestRosterVersions(t *testing.T) {
	s := open(t)
	roster := []kiosk.Attendee{
		{ID: "A1", FirstName: "Awa", LastName: "Diallo", Category: kiosk.CategoryDelegation, Language: kiosk.French, Code: "C1"},
		{ID: "A2", FirstName: "Jean", LastName: "Martin", Category: kiosk.CategoryVisitor, Language: kiosk.French},
	}
	st, err := s.ImportAttendees(ctx, roster, nil)
	if err != nil || st.Changed != 2 {
		t.Fatalf("first import: %+v %v", st, err)
	}
	roster[1].Organisation = "Ville de Lyon"
	roster[0].Code, roster[1].Code = "", "C1" // the code moves from A1 to A2
	st2, err := s.ImportAttendees(ctx, roster, nil)
	if err != nil || st2.Changed != 2 {
		t.Fatalf("second import: %+v %v", st2, err)
	}
	st3, err := s.ImportAttendees(ctx, roster, nil)
	if err != nil || st3.Changed != 0 {
		t.Fatalf("unchanged import: %+v %v", st3, err)
	}
	changed, last, err := s.AttendeesSince(ctx, st.Version, 100)
	if err != nil || len(changed) != 2 || last != st2.Version {
		t.Errorf("since v%d: %d attendees, last v%d, %v", st.Version, len(changed), last, err)
	}
	none, _, _ := s.AttendeesSince(ctx, st2.Version, 100)
	if len(none) != 0 {
		t.Errorf("changes after the last version: %v", none)
	}
}

func TestMeetingColumnsStored(t *testing.T) {
	s := open(t)
	q, err := kiosk.ParseQuorum("25%")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveCheckpoints(ctx, []kiosk.Checkpoint{{ID: "ag", Name: "AG", Kind: kiosk.KindSession, Quorum: q, Speakers: []string{"M2", "M1"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "M1", LastName: "Lyon", Votes: 4, ProxyFor: "M2"},
		{ID: "M2", LastName: "Nantes", Votes: 2},
		{ID: "V1", LastName: "Visitor"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	cps, err := s.Checkpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cps {
		if c.ID == "ag" && (c.Quorum.String() != "25%" || !c.Meeting() || len(c.Speakers) != 2 || c.Speakers[0] != "M2") {
			t.Errorf("ag = %+v", c)
		}
	}
	members, err := s.Members(ctx)
	if err != nil || len(members) != 2 || members[0].ID != "M1" || members[0].Votes != 4 || members[0].ProxyFor != "M2" {
		t.Fatalf("members = %+v, %v", members, err)
	}
	// A re-import that only changes votes is a change.
	st, err := s.ImportAttendees(ctx, []kiosk.Attendee{{ID: "M2", LastName: "Nantes", Votes: 3}}, nil)
	if err != nil || st.Changed != 1 {
		t.Errorf("re-import: %+v, %v", st, err)
	}
}
