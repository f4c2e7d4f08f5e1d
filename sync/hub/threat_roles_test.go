package hub_test

// The hub's threat list, part one: a hostile client holding a real kiosk
// credential (a self-service kiosk's data folder walked off with, a desk's)
// speaks the wire protocol to a real hub on loopback. Each test tries one
// attack, checks that nothing changed and that the connection still serves
// what the role may do, and, where it matters, that an honest kiosk of the
// same role is not refused. docs/security.md lists them.

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// refusedWith reads frames until an error, and checks its code and reason.
func refusedWith(t *testing.T, ws *websocket.Conn, code, reason string) *protocol.Error {
	t.Helper()
	e, ok := next[*protocol.Error](t, ws)
	if !ok {
		t.Fatalf("no error frame; want %s/%s", code, reason)
	}
	if e.Code != code || e.Reason != reason {
		t.Fatalf("error %s/%s (%s), want %s/%s", e.Code, e.Reason, e.Message, code, reason)
	}
	return e
}

// acked reads frames until an ack, and returns its sequence.
func acked(t *testing.T, ws *websocket.Conn) int64 {
	t.Helper()
	a, ok := next[*protocol.Ack](t, ws)
	if !ok {
		t.Fatal("no ack")
	}
	return a.Seq
}

// storedScans is every scan the hub holds.
func (f *fixture) storedScans() []hubstore.Scan {
	f.t.Helper()
	scans, err := f.store.ScansSince(ctx, 0, 1_000_000)
	if err != nil {
		f.t.Fatal(err)
	}
	return scans
}

// badge signs a badge of the fixture's event for an attendee.
func (f *fixture) badge(attendee string) string {
	f.t.Helper()
	ev, err := f.store.Event(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	tok, err := ev.PrivateKey.Sign(kiosk.Token{Event: ev.ID, AttendeeID: attendee, Issue: 1})
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// addAttendees puts more people on the fixture's roster and waits until
// the hub has read them.
func (f *fixture) addAttendees(list ...kiosk.Attendee) {
	f.t.Helper()
	if _, err := f.store.ImportAttendees(ctx, list, nil); err != nil {
		f.t.Fatal(err)
	}
	f.waitRoster(list[len(list)-1].ID)
}

func (f *fixture) waitRoster(id string) {
	f.t.Helper()
	idx, err := f.store.RosterIndex(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	want := len(idx)
	deadline := time.Now().Add(5 * time.Second)
	for f.srv.Counts().Registered != want {
		if time.Now().After(deadline) {
			f.t.Fatalf("roster with %s not read by the hub", id)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Self and session kiosks scan badges; they register no walk-ins, check
// no one in by hand, undo nothing. Each refusal leaves the hub unchanged
// and the connection usable.
func TestThreatScanningKioskBeyondItsRole(t *testing.T) {
	f := newFixture(t)
	for _, role := range []string{protocol.RoleSelf, protocol.RoleSession} {
		t.Run(role, func(t *testing.T) {
			ws := f.session(f.credential("door-"+role, role), "e-"+role)
			before := len(f.storedScans())

			send(t, ws, protocol.WalkIns{Attendees: []protocol.WireAttendee{{ID: "W" + strings.ToUpper(role[:1]) + "MALLOR",
				LastName: "Mallory", Category: kiosk.CategoryStaff, Language: kiosk.French, Code: "WI-MALLORY0000" + role[:1]}}})
			refusedWith(t, ws, protocol.CodeForbiddenRole, protocol.RefusedRole)
			if ack, ok := next[*protocol.WalkInsAck](t, ws); !ok || len(ack.Badges) != 0 {
				t.Errorf("walk-in answered with badges: %+v", ack)
			}

			manual := scan(1, scanID(100))
			manual.Evidence = protocol.EvidenceManual
			send(t, ws, protocol.ScanBatch{Epoch: "e-" + role, Scans: []protocol.WireScan{manual}})
			refusedWith(t, ws, protocol.CodeRefused, protocol.RefusedRole)
			acked(t, ws)

			undo := scan(2, scanID(101))
			undo.Direction, undo.Undoes, undo.Evidence, undo.Reason = kiosk.Out, scanID(100), protocol.EvidenceUndo, kiosk.ReasonUndo
			send(t, ws, protocol.ScanBatch{Epoch: "e-" + role, Scans: []protocol.WireScan{undo}})
			refusedWith(t, ws, protocol.CodeRefused, protocol.RefusedRole)
			acked(t, ws)

			if n := len(f.storedScans()); n != before {
				t.Errorf("hub holds %d scans after refusals, had %d", n, before)
			}
			if _, err := f.store.Attendee(ctx, "W"+strings.ToUpper(role[:1])+"MALLOR"); err == nil {
				t.Error("walk-in of a scanning kiosk is on the roster")
			}
			// Still a kiosk: its honest scan goes through.
			send(t, ws, protocol.ScanBatch{Epoch: "e-" + role, Scans: []protocol.WireScan{scan(3, scanID(102+len(role)))}})
			if seq := acked(t, ws); seq != 3 {
				t.Errorf("ack %d after an honest scan", seq)
			}
			if n := len(f.storedScans()); n != before+1 {
				t.Errorf("honest scan not stored: %d scans, had %d", n, before)
			}
		})
	}
}

// An admission counts only with the badge that admits that attendee:
// without evidence, with a forged or foreign token, with another
// attendee's token or a wrong code, it changes nothing.
func TestThreatAdmissionWithoutBadge(t *testing.T) {
	f := newFixture(t)
	f.addAttendees(kiosk.Attendee{ID: "A2", LastName: "Ba", Category: kiosk.CategoryVisitor, Language: kiosk.French})
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	forger, _ := kiosk.GenerateKey()
	forged, _ := forger.Sign(kiosk.Token{Event: "faic2016", AttendeeID: "A1", Issue: 1})
	foreign, _ := forger.Sign(kiosk.Token{Event: "another", AttendeeID: "A1", Issue: 1})
	tests := []struct {
		name     string
		evidence string
	}{
		{"no evidence", ""},
		{"forged token", forged},
		{"token of another event", foreign},
		{"another attendee's token", f.badge("A2")},
		{"wrong code", "FAIC-A1-000"},
		{"the undo marker", protocol.EvidenceUndo},
		{"garbage", "x"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := scan(int64(i+1), scanID(200+i))
			sc.Evidence = tt.evidence
			send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{sc}})
			e := refusedWith(t, ws, protocol.CodeRefused, protocol.RefusedEvidence)
			if len(e.Scans) != 1 || e.Scans[0] != sc.ID {
				t.Errorf("refused scans %v, want [%s]", e.Scans, sc.ID)
			}
			acked(t, ws)
		})
	}
	if n := len(f.storedScans()); n != 0 {
		t.Errorf("hub stored %d forged admissions", n)
	}
	if c := f.srv.Counts(); c.CheckedIn != 0 || c.Inside != 0 {
		t.Errorf("forged admissions counted: %+v", c)
	}
	// The right token, the right code and the code typed with Caps Lock on
	// are all evidence.
	for i, ev := range []string{f.badge("A1"), codeA1, strings.ToLower(codeA1)} {
		sc := scan(int64(100+i), scanID(300+i))
		sc.Evidence = ev
		send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{sc}})
		acked(t, ws)
	}
	scans := f.storedScans()
	if len(scans) != 3 || scans[0].Evidence != hubstore.EvidenceToken || scans[1].Evidence != hubstore.EvidenceCode {
		t.Errorf("honest admissions stored as %+v", scans)
	}
	if c := f.srv.Counts(); c.CheckedIn != 1 {
		t.Errorf("checked in %d, want 1", c.CheckedIn)
	}
}

// Scans at checkpoints that do not exist, or naming attendees who do not,
// are refused: they would fill the attendance report and the counts with
// junk, or fill a session room so that real badges get room_full.
func TestThreatJunkCheckpointsAndAttendees(t *testing.T) {
	f := newFixture(t)
	if _, err := f.store.SaveCheckpoints(ctx, []kiosk.Checkpoint{{ID: "plenary", Name: "Plénière", Kind: kiosk.KindSession, Capacity: 2}}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	ws := f.session(f.credential("door-1", protocol.RoleSession), "e1")
	var junk []protocol.WireScan
	for i := range 50 {
		sc := scan(int64(i+1), scanID(400+i))
		sc.Checkpoint = "plenary"
		sc.AttendeeID = fmt.Sprintf("GHOST%03d", i)
		sc.Evidence = codeA1
		junk = append(junk, sc)
	}
	nowhere := scan(51, scanID(499))
	nowhere.Checkpoint = "broom-cupboard"
	junk = append(junk, nowhere)
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: junk})
	got := map[string]int{}
	for range 2 {
		e, ok := next[*protocol.Error](t, ws)
		if !ok {
			t.Fatal("no refusal")
		}
		got[e.Reason] += len(e.Scans)
	}
	if got[protocol.RefusedAttendee] != 50 || got[protocol.RefusedCheckpoint] != 1 {
		t.Errorf("refused %v", got)
	}
	if seq := acked(t, ws); seq != 51 {
		t.Errorf("ack %d, want 51: refused scans are done with", seq)
	}
	c := f.srv.Counts()
	if len(f.storedScans()) != 0 || c.ByCheckpoint["plenary"].Inside != 0 {
		t.Errorf("junk counted: plenary %+v", c.ByCheckpoint["plenary"])
	}
	if _, ok := c.ByCheckpoint["broom-cupboard"]; ok {
		t.Error("a checkpoint that does not exist appears in the counts")
	}
}

// A desk undoes only its own admitted entries, less than 15 minutes old;
// no one else undoes anything.
func TestThreatUndoOfOthersScans(t *testing.T) {
	f := newFixture(t)
	door := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	entry := scan(1, scanID(500))
	send(t, door, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{entry}})
	acked(t, door)

	deskWS := f.session(f.credential("desk-1", protocol.RoleDesk), "d1")
	undo := func(seq int64, id, undoes string, at time.Time) protocol.WireScan {
		return protocol.WireScan{Seq: seq, ID: id, Kiosk: "desk-1", Checkpoint: kiosk.EntranceID, Direction: kiosk.Out,
			Verdict: kiosk.VerdictAccepted, Reason: kiosk.ReasonUndo, AttendeeID: "A1", At: at, Undoes: undoes, Evidence: protocol.EvidenceUndo}
	}
	t0 := entry.At
	send(t, deskWS, protocol.ScanBatch{Epoch: "d1", Scans: []protocol.WireScan{undo(1, scanID(501), entry.ID, t0.Add(time.Minute))}})
	refusedWith(t, deskWS, protocol.CodeRefused, protocol.RefusedUndo)
	acked(t, deskWS)
	if c := f.srv.Counts(); c.CheckedIn != 1 {
		t.Fatalf("another kiosk's check-in undone: %+v", c)
	}

	// The desk's own entry, by hand: undone within 15 minutes, not after.
	manual := func(seq int64, id string, at time.Time) protocol.WireScan {
		return protocol.WireScan{Seq: seq, ID: id, Kiosk: "desk-1", Checkpoint: kiosk.EntranceID, Direction: kiosk.In,
			Verdict: kiosk.VerdictAccepted, AttendeeID: "A1", At: at, Evidence: protocol.EvidenceManual}
	}
	send(t, deskWS, protocol.ScanBatch{Epoch: "d1", Scans: []protocol.WireScan{manual(2, scanID(502), t0.Add(time.Hour))}})
	acked(t, deskWS)
	send(t, deskWS, protocol.ScanBatch{Epoch: "d1", Scans: []protocol.WireScan{undo(3, scanID(503), scanID(502), t0.Add(time.Hour+16*time.Minute))}})
	refusedWith(t, deskWS, protocol.CodeRefused, protocol.RefusedUndo)
	acked(t, deskWS)
	send(t, deskWS, protocol.ScanBatch{Epoch: "d1", Scans: []protocol.WireScan{undo(4, scanID(504), scanID(502), t0.Add(time.Hour+5*time.Minute))}})
	acked(t, deskWS)
	scans := f.storedScans()
	last := scans[len(scans)-1]
	if len(scans) != 3 || last.ID != scanID(504) || last.Evidence != hubstore.EvidenceUndo || scans[1].Evidence != hubstore.EvidenceManual {
		t.Errorf("hub holds %+v", scans)
	}
	// An undo in the same batch as its entry is the desk's own too.
	send(t, deskWS, protocol.ScanBatch{Epoch: "d1", Scans: []protocol.WireScan{
		manual(5, scanID(505), t0.Add(2*time.Hour)), undo(6, scanID(506), scanID(505), t0.Add(2*time.Hour+time.Minute))}})
	acked(t, deskWS)
	if n := len(f.storedScans()); n != 5 {
		t.Errorf("entry and its undo in one batch: hub holds %d scans, want 5", n)
	}
}

// A flood from one credential stops at the kiosk's quota, costing the hub
// nothing more; an honest backlog of 10,000 scans after an outage goes
// through under the default quota.
func TestThreatScanFlood(t *testing.T) {
	t.Run("flood", func(t *testing.T) {
		f := newFixtureWith(t, func(c *hub.Config) { c.ScanQuota = hub.Quota{Burst: 1_000, PerSecond: 1} })
		ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
		seq := int64(0)
		batch := func() protocol.ScanBatch {
			b := protocol.ScanBatch{Epoch: "e1"}
			for range protocol.MaxBatch {
				seq++
				sc := scan(seq, scanID(int(seq)))
				sc.Verdict, sc.Evidence, sc.AttendeeID = kiosk.VerdictUnknownBadge, "", ""
				b.Scans = append(b.Scans, sc)
			}
			return b
		}
		for range 2 {
			send(t, ws, batch())
			acked(t, ws)
		}
		send(t, ws, batch())
		e := refusedWith(t, ws, protocol.CodeRefused, protocol.RefusedQuota)
		if e.RetryAfterMillis <= 0 || len(e.Scans) != protocol.MaxBatch {
			t.Errorf("quota refusal %+v", e)
		}
		if n := len(f.storedScans()); n != 1_000 {
			t.Errorf("hub stored %d scans of the flood, want the quota's 1,000", n)
		}
		// Still connected: heartbeats are welcome, counts unharmed.
		send(t, ws, protocol.Heartbeat{KioskTime: time.Now()})
		if c := f.srv.Counts(); c.CheckedIn != 0 {
			t.Errorf("flood counted: %+v", c)
		}
	})
	t.Run("honest backlog", func(t *testing.T) {
		f := newFixture(t)
		ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
		tok := f.badge("A1")
		seq := int64(0)
		for range 10_000 / protocol.MaxBatch {
			b := protocol.ScanBatch{Epoch: "e1"}
			for range protocol.MaxBatch {
				seq++
				sc := scan(seq, scanID(int(seq)))
				if seq%2 == 0 {
					sc.Verdict, sc.Evidence = kiosk.VerdictAlreadyCheckedIn, ""
				} else {
					sc.Evidence = tok
				}
				b.Scans = append(b.Scans, sc)
			}
			send(t, ws, b)
			if got := acked(t, ws); got != seq {
				t.Fatalf("ack %d, want %d", got, seq)
			}
		}
		if n := len(f.storedScans()); n != 10_000 {
			t.Errorf("hub stored %d of an honest 10,000-scan backlog", n)
		}
	})
}

// Walk-ins: a desk adds new people; no walk-in message rewrites an
// attendee (another desk's walk-in included) or takes a badge code.
func TestThreatWalkInOverwrite(t *testing.T) {
	f := newFixture(t)
	f.addAttendees(kiosk.Attendee{ID: "R1", LastName: "Roster", Category: kiosk.CategoryVisitor, Language: kiosk.French, Code: "WI-ROSTER000001"})
	deskA := f.session(f.credential("desk-a", protocol.RoleDesk), "a1")
	deskB := f.session(f.credential("desk-b", protocol.RoleDesk), "b1")
	awa := protocol.WireAttendee{ID: "WAWA0001", FirstName: "Awa", LastName: "Ndiaye", Category: kiosk.CategoryVisitor,
		Language: kiosk.French, Code: "WI-AWA000000001"}
	send(t, deskA, protocol.WalkIns{Attendees: []protocol.WireAttendee{awa}})
	if ack, ok := next[*protocol.WalkInsAck](t, deskA); !ok || len(ack.Badges) != 1 {
		t.Fatalf("honest walk-in: %+v", ack)
	}
	// The same walk-in again from the same desk (a lost answer) is fine.
	send(t, deskA, protocol.WalkIns{Attendees: []protocol.WireAttendee{awa}})
	if ack, ok := next[*protocol.WalkInsAck](t, deskA); !ok || len(ack.Badges) != 1 {
		t.Fatalf("walk-in sent again: %+v", ack)
	}
	rename := awa
	rename.FirstName, rename.Category = "Mallory", kiosk.CategoryStaff
	steal := protocol.WireAttendee{ID: "WMAL0001", LastName: "Mallory", Category: kiosk.CategoryStaff, Language: kiosk.French, Code: awa.Code}
	for _, tt := range []struct {
		name string
		ws   *websocket.Conn
		a    protocol.WireAttendee
	}{
		{"another desk renames it", deskB, rename},
		{"the same desk renames it", deskA, rename},
		{"another walk-in takes its code", deskB, steal},
		{"a walk-in takes a roster attendee's code", deskB, protocol.WireAttendee{ID: "WMAL0002", LastName: "M", Category: kiosk.CategoryVisitor,
			Language: kiosk.French, Code: "WI-ROSTER000001"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			send(t, tt.ws, protocol.WalkIns{Attendees: []protocol.WireAttendee{tt.a}})
			refusedWith(t, tt.ws, protocol.CodeRefused, protocol.RefusedWalkIn)
			if ack, ok := next[*protocol.WalkInsAck](t, tt.ws); !ok || len(ack.Badges) != 0 || len(ack.Refused) != 1 {
				t.Errorf("ack %+v", ack)
			}
		})
	}
	got, err := f.store.Attendee(ctx, awa.ID)
	if err != nil || got.FirstName != "Awa" || got.Category != kiosk.CategoryVisitor || got.Code != awa.Code {
		t.Errorf("walk-in after the attacks: %+v %v", got, err)
	}
	if _, err := f.store.Attendee(ctx, "WMAL0001"); err == nil {
		t.Error("a walk-in took another's code")
	}
}

// What the hub relays to other kiosks never carries a badge's payload.
func TestThreatRelayCarriesNoEvidence(t *testing.T) {
	f := newFixture(t)
	watcher := f.session(f.credential("door-2", protocol.RoleSelf), "w1")
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	sc := scan(1, scanID(600))
	sc.Evidence = f.badge("A1")
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{sc}})
	acked(t, ws)
	seen, ok := next[*protocol.Seen](t, watcher)
	if !ok || len(seen.Scans) != 1 {
		t.Fatalf("relay %+v", seen)
	}
	if seen.Scans[0].Evidence != "" {
		t.Errorf("relay carries the badge: %q", seen.Scans[0].Evidence)
	}
}

// Every refusal is counted by reason in /metrics.
func TestThreatRefusalsInMetrics(t *testing.T) {
	f := newFixture(t)
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	sc := scan(1, scanID(700))
	sc.Evidence = ""
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{sc}})
	refusedWith(t, ws, protocol.CodeRefused, protocol.RefusedEvidence)
	resp, err := http.Get(f.http.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `accueil_hub_refused_total{reason="evidence"} 1`) {
		t.Errorf("metrics lack the refusal:\n%s", grep(string(body), "refused"))
	}
}

func grep(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// A session that sends frames faster than any kiosk does (heartbeats,
// errors to fill the log) is closed; the hub stays up for the others.
func TestThreatFrameFlood(t *testing.T) {
	f := newFixture(t)
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	frame, _ := protocol.Encode(protocol.Error{Code: protocol.CodeInternal, Message: strings.Repeat("log line ", 100)})
	for range 5_000 {
		if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
			break // closed by the hub
		}
	}
	if code := closeCode(t, ws); code != protocol.CloseTooManyMessages {
		t.Errorf("close code %d, want 4429", code)
	}
	other := f.session(f.credential("door-2", protocol.RoleSelf), "e2")
	send(t, other, protocol.ScanBatch{Epoch: "e2", Scans: []protocol.WireScan{scan(1, scanID(800))}})
	acked(t, other)
}

// A stolen kiosk is cut off by `hub kiosk revoke` within a second, at the
// hub's default polling, and cannot come back with the same credential.
func TestThreatStolenKioskRevoked(t *testing.T) {
	f := newFixtureWith(t, func(c *hub.Config) { c.PollInterval = 0 }) // the default, as `hub serve` runs
	cred := f.credential("door-stolen", protocol.RoleSelf)
	ws := f.session(cred, "e1")
	start := time.Now()
	if err := f.store.RevokeKiosk(ctx, "door-stolen"); err != nil {
		t.Fatal(err)
	}
	if code := closeCode(t, ws); code != protocol.CloseRevoked {
		t.Fatalf("close code %d, want 4403", code)
	}
	took := time.Since(start)
	t.Logf("revoked kiosk cut off after %s", took.Round(time.Millisecond))
	if took > time.Second {
		t.Errorf("revocation took %s, want under a second", took)
	}
	again, _, err := f.dial("/ws/kiosk", cred)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if code := closeCode(t, again); code != protocol.CloseRevoked {
		t.Errorf("revoked credential reconnects: close code %d", code)
	}
}
