package attendance_test

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base32"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/attendance"
	"github.com/accueil/accueil/sync/hubstore"
)

var ctx = context.Background()

// store is a real hub store with an event, one session and one attendee's
// scans there.
func store(t *testing.T, scans ...hubstore.Scan) (*hubstore.Store, hubstore.Event) {
	t.Helper()
	st, err := hubstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, _ := kiosk.GenerateKey()
	ev := hubstore.Event{ID: "ev1", Name: "Forum", TimeZone: "UTC", PrivateKey: key, PublicKeys: []kiosk.PublicKey{key.Public()}}
	if err := st.SetEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveCheckpoints(ctx, []kiosk.Checkpoint{{ID: "s1", Name: "Atelier", Kind: kiosk.KindSession,
		StartsAt: at(9, 0), EndsAt: at(10, 0)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{{ID: "A1", FirstName: "Awa", LastName: "Diallo"}}, nil); err != nil {
		t.Fatal(err)
	}
	for i := range scans {
		scans[i].Seq = int64(i + 1)
	}
	if _, err := st.Ingest(ctx, []hubstore.Batch{{Kiosk: "k", Epoch: "e", Scans: scans}}); err != nil {
		t.Fatal(err)
	}
	return st, ev
}

func at(h, m int) time.Time { return time.Date(2016, 7, 4, h, m, 0, 0, time.UTC) }

func scan(id string, dir kiosk.Direction, h, m int) hubstore.Scan {
	return hubstore.Scan{Scan: kiosk.Scan{ID: id, Kiosk: "k", Checkpoint: "s1", Direction: dir, Verdict: kiosk.VerdictAccepted, AttendeeID: "A1", At: at(h, m)}}
}

// Time in a session, by CONTRACT.md: from the scan in to the scan out, or
// to the session's end.
func TestTimeInSessions(t *testing.T) {
	undo := scan("u", kiosk.Out, 9, 6)
	undo.Reason, undo.Undoes = kiosk.ReasonUndo, "b"
	tests := []struct {
		name    string
		scans   []hubstore.Scan
		minutes int
		in, out string
	}{
		{"in and out", []hubstore.Scan{scan("a", kiosk.In, 9, 5), scan("b", kiosk.Out, 9, 50)}, 45, "2016-07-04 09:05", "2016-07-04 09:50"},
		{"no out: to the end", []hubstore.Scan{scan("a", kiosk.In, 9, 5)}, 55, "2016-07-04 09:05", "2016-07-04 10:00"},
		{"out and back", []hubstore.Scan{scan("a", kiosk.In, 9, 0), scan("b", kiosk.Out, 9, 10), scan("c", kiosk.In, 9, 40), scan("d", kiosk.Out, 9, 50)}, 20, "2016-07-04 09:00", "2016-07-04 09:50"},
		{"a re-scan in changes nothing", []hubstore.Scan{scan("a", kiosk.In, 9, 0), scan("b", kiosk.In, 9, 20), scan("c", kiosk.Out, 9, 30)}, 30, "2016-07-04 09:00", "2016-07-04 09:30"},
		{"an undone exit", []hubstore.Scan{scan("a", kiosk.In, 9, 0), scan("b", kiosk.In, 9, 5), undo}, 60, "2016-07-04 09:00", "2016-07-04 10:00"},
		{"arrived after the end, no out", []hubstore.Scan{scan("a", kiosk.In, 10, 30)}, 0, "2016-07-04 10:30", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, ev := store(t, tt.scans...)
			is, err := attendance.NewIssuer(ctx, st, time.UTC, at(18, 0))
			if err != nil {
				t.Fatal(err)
			}
			c, err := is.Certificate(ctx, "A1", "")
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Sessions) != 1 || c.Minutes != tt.minutes || c.Sessions[0].In != tt.in || c.Sessions[0].Out != tt.out {
				t.Errorf("sessions %+v, total %d; want %d min from %q to %q", c.Sessions, c.Minutes, tt.minutes, tt.in, tt.out)
			}
			if got, err := attendance.VerifyCertificate(c.Payload, ev); err != nil || got.Minutes != tt.minutes || got.Name != "Awa Diallo" {
				t.Errorf("verify: %+v, %v", got, err)
			}
		})
	}
}

// Two sessions overlapping (no scan out of the first): each keeps its own
// time, the total counts the overlap once.
func TestTotalCountsOverlapOnce(t *testing.T) {
	st, _ := store(t, scan("a", kiosk.In, 9, 0))
	if _, err := st.SaveCheckpoints(ctx, []kiosk.Checkpoint{{ID: "s2", Name: "Focus", Kind: kiosk.KindSession, StartsAt: at(9, 30), EndsAt: at(10, 30)}}); err != nil {
		t.Fatal(err)
	}
	s2 := scan("b", kiosk.In, 9, 30)
	s2.Checkpoint, s2.Seq = "s2", 9
	if _, err := st.Ingest(ctx, []hubstore.Batch{{Kiosk: "k", Epoch: "e", Scans: []hubstore.Scan{s2}}}); err != nil {
		t.Fatal(err)
	}
	is, err := attendance.NewIssuer(ctx, st, time.UTC, at(18, 0))
	if err != nil {
		t.Fatal(err)
	}
	c, err := is.Certificate(ctx, "A1", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sessions) != 2 || c.Sessions[0].Minutes != 60 || c.Sessions[1].Minutes != 60 || c.Minutes != 90 {
		t.Errorf("sessions %+v, total %d; want 60 and 60, 90 in all", c.Sessions, c.Minutes)
	}
}

func TestVerifyRefusesOtherEvents(t *testing.T) {
	st, ev := store(t, scan("a", kiosk.In, 9, 5))
	is, err := attendance.NewIssuer(ctx, st, time.UTC, at(18, 0))
	if err != nil {
		t.Fatal(err)
	}
	c, err := is.Certificate(ctx, "A1", kiosk.English)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := kiosk.GenerateKey()
	rotated := ev
	rotated.PublicKeys = []kiosk.PublicKey{other.Public(), ev.PublicKeys[0]}
	if _, err := attendance.VerifyCertificate(c.Payload, rotated); err != nil {
		t.Errorf("after a key rotation, an older certificate: %v", err)
	}
	for _, tc := range []struct {
		name string
		ev   hubstore.Event
		want string
	}{
		{"another event's key", hubstore.Event{ID: "ev1", PublicKeys: []kiosk.PublicKey{other.Public()}}, "signature does not match"},
		{"another event's id", hubstore.Event{ID: "ev2", PublicKeys: ev.PublicKeys}, `issued for event "ev1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := attendance.VerifyCertificate(c.Payload, tc.ev); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	// A badge signature never passes for a certificate: the signed bytes
	// carry each kind's own context.
	tok, _ := ev.PrivateKey.Sign(kiosk.Token{Event: "ev1", AttendeeID: "A1", Issue: 1})
	if _, err := attendance.VerifyCertificate(tok, ev); err == nil {
		t.Error("a badge token verified as a certificate")
	}
	// A statement changed and packed again without the key: its
	// signature no longer matches.
	body, sig, _ := strings.Cut(strings.TrimPrefix(c.Payload, attendance.PayloadPrefix), ".")
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	z, _ := b32.DecodeString(body)
	msg, _ := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
	forged := strings.Replace(string(msg), `"t":55`, `"t":955`, 1)
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write([]byte(forged))
	fw.Close()
	if forged == string(msg) {
		t.Fatalf("statement %s has no total of 55 minutes", msg)
	}
	_, err = attendance.VerifyCertificate(attendance.PayloadPrefix+b32.EncodeToString(buf.Bytes())+"."+sig, ev)
	if err == nil || !strings.Contains(err.Error(), "signature does not match") {
		t.Errorf("forged total: %v", err)
	}
	if _, err := is.Certificate(ctx, "A2", ""); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("unknown attendee: %v", err)
	}
}
