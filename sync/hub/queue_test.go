package hub_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/forecast"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/protocol"
)

var paris = func() *time.Location {
	z, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return z
}()

// forumAt is a time of the Forum's first morning, at the venue.
func forumAt(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2016-07-04 "+hhmm, paris)
	if err != nil {
		panic(err)
	}
	return t
}

// forumMorning is a hub at 08:40 on the Forum's first morning: 1,500
// registered (and the fixture's A1), the opening plenary at 09:30, two
// staffed desks and two self-service kiosks online at the entrance, and
// 120 people admitted since 08:00.
func forumMorning(t *testing.T) (*fixture, []forecast.Admission) {
	t.Helper()
	f := newFixtureWith(t, func(c *hub.Config) { c.Now = func() time.Time { return forumAt("08:40") } })
	var list []kiosk.Attendee
	for i := range 1500 {
		cat := kiosk.CategoryVisitor
		list = append(list, kiosk.Attendee{ID: fmt.Sprintf("V%04d", i), LastName: fmt.Sprintf("Visiteur %d", i), Category: cat, Language: kiosk.French})
	}
	f.addAttendees(list...)
	if _, err := f.store.SaveCheckpoints(ctx, []kiosk.Checkpoint{kiosk.DefaultEntrance,
		{ID: "pleniere", Name: "Plénière d’ouverture", Kind: kiosk.KindSession, StartsAt: forumAt("09:30"), EndsAt: forumAt("11:00")}}); err != nil {
		t.Fatal(err)
	}
	kiosks := []struct {
		name, role string
		mode       forecast.Mode
	}{{"desk-1", "desk", forecast.Desk}, {"desk-2", "desk", forecast.Desk}, {"self-1", "self", forecast.Self}, {"self-2", "self", forecast.Self}}
	var recent []forecast.Admission
	for k, kd := range kiosks {
		ws := f.session(f.credential(kd.name, kd.role), "e1")
		var batch []protocol.WireScan
		for i := range 30 {
			n := k*30 + i
			at := forumAt("08:00").Add(time.Duration(i*80+k*7) * time.Second)
			id := fmt.Sprintf("V%04d", n)
			batch = append(batch, protocol.WireScan{Seq: int64(i + 1), ID: scanID(n + 1), Kiosk: kd.name, Checkpoint: kiosk.EntranceID,
				Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: id, At: at, Evidence: f.badge(id)})
			recent = append(recent, forecast.Admission{At: at, Kiosk: kd.name, Mode: kd.mode})
		}
		send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: batch})
		if ack, ok := next[*protocol.Ack](t, ws); !ok || ack.Seq != 30 {
			t.Fatalf("%s: ack %+v", kd.name, ack)
		}
	}
	// The ack follows the commit; the counts follow the relays, up to one
	// relay period later.
	for deadline := time.Now().Add(5 * time.Second); f.counts().CheckedIn < len(recent); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the counts never showed the %d admissions", len(recent))
		}
	}
	return f, recent
}

func (f *fixture) counts() protocol.Counts {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.http.URL+"/api/v1/counts", nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var c protocol.Counts
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		f.t.Fatal(err)
	}
	return c
}

func TestQueueInCounts(t *testing.T) {
	f, recent := forumMorning(t)
	c := f.counts()
	q, ok := c.Queue[kiosk.EntranceID]
	if !ok {
		t.Fatalf("no queue forecast for the entrance in %+v", c.Queue)
	}
	if _, ok := c.Queue["pleniere"]; ok {
		t.Error("a session door has a queue forecast")
	}
	// The same figures as the forecast's own arithmetic on what the hub
	// was sent.
	want := forecast.Compute(forecast.Input{Now: forumAt("08:40"), Zone: paris, Plenary: forumAt("09:30"), Registered: 1501, Arrived: 120,
		Recent: recent, Lanes: map[forecast.Mode]int{forecast.Desk: 2, forecast.Self: 2}})
	if q.Kiosks != 4 || q.CapacityPerMin != 22 || q.ExpectedNext30Min != want.ExpectedNext30 || q.WaitMinutes == nil ||
		q.Advice != want.Advice.FR || q.AdviceByLang.FR != want.Advice.FR || q.AdviceByLang.EN != want.Advice.EN || q.Plenary == nil || !q.Plenary.Equal(forumAt("09:30")) {
		t.Errorf("queue %+v\nwant %+v", q, want)
	}
	if wantRate := float64(len(recentSince(recent, forumAt("08:35")))) / 5; q.ArrivalsPerMin != wantRate {
		t.Errorf("arrivals_per_min %.1f, want %.1f", q.ArrivalsPerMin, wantRate)
	}
	if len(q.Points) != 12 {
		t.Errorf("%d points, want 12", len(q.Points))
	}
	t.Logf("08:40: kiosks %d, capacity %.1f/min, arrivals %.1f/min, expected next 30 min %d, wait %.1f min; %s / %s",
		q.Kiosks, q.CapacityPerMin, q.ArrivalsPerMin, q.ExpectedNext30Min, *q.WaitMinutes, q.AdviceByLang.FR, q.AdviceByLang.EN)
}

func recentSince(list []forecast.Admission, from time.Time) []forecast.Admission {
	var out []forecast.Admission
	for _, a := range list {
		if a.At.After(from) {
			out = append(out, a)
		}
	}
	return out
}
