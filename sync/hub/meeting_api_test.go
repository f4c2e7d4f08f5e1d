package hub_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// seedMeeting gives the fixture's store a General Meeting with proxies and
// speakers, and check-ins there, as kiosks would have sent them.
func seedMeeting(t *testing.T, st *hubstore.Store) {
	t.Helper()
	q, _ := kiosk.ParseQuorum("1/4")
	if _, err := st.SaveCheckpoints(ctx, []kiosk.Checkpoint{
		{ID: "ag", Name: "Assemblée générale", NameEN: "General Meeting", Kind: kiosk.KindSession, Quorum: q, Speakers: []string{"M1"},
			StartsAt: time.Date(2016, 7, 5, 12, 0, 0, 0, time.UTC), EndsAt: time.Date(2016, 7, 5, 14, 0, 0, 0, time.UTC)},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "M1", FirstName: "Anne", LastName: "Hidalgo", Organisation: "Ville de Paris", Votes: 5, ProxyFor: "M2", Category: kiosk.CategoryVisitor, Language: kiosk.French},
		{ID: "M2", FirstName: "Johanna", LastName: "Rolland", Organisation: "Nantes Métropole", Votes: 3, Category: kiosk.CategoryVisitor, Language: kiosk.English},
		{ID: "M3", FirstName: "Martine", LastName: "Aubry", Organisation: "Ville de Lille", Votes: 2, Category: kiosk.CategoryVisitor, Language: kiosk.French},
		{ID: "M4", FirstName: "Éric", LastName: "Piolle", Organisation: "Ville de Grenoble", Votes: 10, Category: kiosk.CategoryVisitor, Language: kiosk.French},
	}, nil); err != nil {
		t.Fatal(err)
	}
	sc := func(seq int64, id, att, cp string, dir kiosk.Direction, hh, mm int) hubstore.Scan {
		return hubstore.Scan{Seq: seq, Scan: kiosk.Scan{ID: id, Kiosk: "door", Checkpoint: cp, Direction: dir, Verdict: kiosk.VerdictAccepted,
			AttendeeID: att, At: time.Date(2016, 7, 5, hh, mm, 0, 0, time.UTC)}}
	}
	if _, err := st.Ingest(ctx, []hubstore.Batch{{Kiosk: "door", Epoch: "e", Scans: []hubstore.Scan{
		sc(1, scanID(101), "M1", kiosk.EntranceID, kiosk.In, 7, 50),
		sc(2, scanID(102), "M1", "ag", kiosk.In, 12, 5),
		sc(3, scanID(103), "M3", "ag", kiosk.In, 12, 42),
		sc(4, scanID(104), "M1", "ag", kiosk.Out, 13, 30),
	}}}); err != nil {
		t.Fatal(err)
	}
}

func TestMeetingInCountsAPI(t *testing.T) {
	f := newFixtureWith(t, func(c *hub.Config) { seedMeeting(t, c.Store) })
	req, _ := http.NewRequest("GET", f.http.URL+"/api/v1/counts", nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("counts: %v %v", resp, err)
	}
	defer resp.Body.Close()
	var got struct {
		ByCheckpoint map[string]struct {
			Quorum   map[string]any `json:"quorum"`
			Speakers map[string]int `json:"speakers"`
		} `json:"by_checkpoint"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	ag := got.ByCheckpoint["ag"]
	// 20 votes, a quarter is 5: M1 (5) and M3 (2) present, M2 (3) represented by M1.
	want := map[string]any{"votes_total": 20.0, "votes_required": 5.0, "votes_present": 7.0, "votes_represented": 3.0,
		"reached": true, "reached_at": "2016-07-05T12:05:00Z"}
	for k, v := range want {
		if ag.Quorum[k] != v {
			t.Errorf("quorum.%s = %v, want %v (all: %v)", k, ag.Quorum[k], v, ag.Quorum)
		}
	}
	if ag.Speakers["expected"] != 1 || ag.Speakers["arrived"] != 1 {
		t.Errorf("speakers = %v", ag.Speakers)
	}
	if _, ok := got.ByCheckpoint[kiosk.EntranceID]; !ok {
		t.Errorf("no entrance in %v", got.ByCheckpoint)
	}
}

func TestCertificateDownload(t *testing.T) {
	f := newFixtureWith(t, func(c *hub.Config) { seedMeeting(t, c.Store) })
	get := func(path, token string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", f.http.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	tests := []struct {
		name, path, token string
		status            int
		contentType       string
	}{
		{"no login", "/api/v1/certificates/M1.pdf", "", http.StatusUnauthorized, "application/json"},
		{"admitted", "/api/v1/certificates/M1.pdf", f.token, http.StatusOK, "application/pdf"},
		{"in their own language", "/api/v1/certificates/M3.pdf?lang=auto", f.token, http.StatusOK, "application/pdf"},
		{"never admitted", "/api/v1/certificates/M2.pdf", f.token, http.StatusNotFound, "application/json"},
		{"not on the roster", "/api/v1/certificates/X9.pdf", f.token, http.StatusNotFound, "application/json"},
		{"not a pdf", "/api/v1/certificates/M1", f.token, http.StatusNotFound, "application/json"},
		{"bad language", "/api/v1/certificates/M1.pdf?lang=de", f.token, http.StatusBadRequest, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(tt.path, tt.token)
			if resp.StatusCode != tt.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.contentType) {
				t.Errorf("%s: %d %s, want %d %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.contentType)
			}
			if tt.status == http.StatusOK {
				head := make([]byte, 5)
				io.ReadFull(resp.Body, head)
				if string(head) != "%PDF-" || !strings.Contains(resp.Header.Get("Content-Disposition"), "certificate-M") {
					t.Errorf("body starts %q, disposition %q", head, resp.Header.Get("Content-Disposition"))
				}
			}
		})
	}
	if _, err := f.store.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	if resp := get("/api/v1/certificates/M1.pdf", f.token); resp.StatusCode != http.StatusGone {
		t.Errorf("after purge: %d", resp.StatusCode)
	}
}

// reached_at stays the first time the quorum was reached, even when the
// check-in that reached it is undone and the hub restarts.
func TestQuorumReachedKeptAcrossRestart(t *testing.T) {
	f := newFixtureWith(t, func(c *hub.Config) { seedMeeting(t, c.Store) })
	dash, _, err := f.dial("/ws/dashboard", f.token)
	if err != nil {
		t.Fatal(err)
	}
	defer dash.Close()
	// Counts are kept in the store before they are sent: once a dashboard
	// sees the quorum reached, a restart knows it too.
	for {
		c, ok := next[*protocol.Counts](t, dash)
		if !ok {
			t.Fatal("no counts")
		}
		if q := c.ByCheckpoint["ag"].Quorum; q != nil && q.ReachedAt != nil {
			break
		}
	}
	f.srv.Close()
	undo := hubstore.Scan{Seq: 5, Scan: kiosk.Scan{ID: scanID(105), Kiosk: "door", Checkpoint: "ag", Direction: kiosk.Out,
		Verdict: kiosk.VerdictAccepted, AttendeeID: "M1", At: time.Date(2016, 7, 5, 12, 10, 0, 0, time.UTC),
		Reason: kiosk.ReasonUndo, Undoes: scanID(102)}}
	if _, err := f.store.Ingest(ctx, []hubstore.Batch{{Kiosk: "door", Epoch: "e", Scans: []hubstore.Scan{undo}}}); err != nil {
		t.Fatal(err)
	}
	srv, err := hub.New(ctx, hub.Config{Store: f.store, Log: slog.New(slog.DiscardHandler), PollInterval: 20 * time.Millisecond, CountsInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	q := srv.Counts().ByCheckpoint["ag"].Quorum
	// M1's check-in undone: M3 alone (2 votes) is short of 5, and M2 is no
	// longer represented; the first time stays.
	if q.Reached || q.VotesPresent != 2 || q.VotesRepresented != 0 || q.ReachedAt == nil || !q.ReachedAt.Equal(time.Date(2016, 7, 5, 12, 5, 0, 0, time.UTC)) {
		t.Errorf("after an undo and a restart: %+v (reached_at %v)", *q, q.ReachedAt)
	}
}
