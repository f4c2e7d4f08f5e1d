package hub

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// The quorum and speakers in the counts, scan by scan: proxies, a member
// present and also represented, a proxy holder who leaves, an undone
// check-in, and reached_at kept.
func TestMeetingCounts(t *testing.T) {
	day := time.Date(2016, 7, 5, 12, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return day.Add(time.Duration(min) * time.Minute) }
	scan := func(id, att, checkpoint string, dir kiosk.Direction, min int) hubstore.Scan {
		return hubstore.Scan{Scan: kiosk.Scan{ID: id, Kiosk: "k1", Checkpoint: checkpoint, Direction: dir,
			Verdict: kiosk.VerdictAccepted, AttendeeID: att, At: at(min)}}
	}
	in := func(id, att string, min int) hubstore.Scan { return scan(id, att, "ag", kiosk.In, min) }
	out := func(id, att string, min int) hubstore.Scan { return scan(id, att, "ag", kiosk.Out, min) }
	undo := func(id, att, undoes string, min int) hubstore.Scan {
		s := out(id, att, min)
		s.Reason, s.Undoes = kiosk.ReasonUndo, undoes
		return s
	}
	refused := in("r", "metz", 1)
	refused.Verdict = kiosk.VerdictNotAllowedHere
	quorum, _ := kiosk.ParseQuorum("1/2")
	members := []kiosk.Member{ // 10 votes: 5 required
		{ID: "lyon", Votes: 4, ProxyFor: []string{"nantes"}},
		{ID: "nantes", Votes: 2},
		{ID: "lille", Votes: 1, ProxyFor: []string{"metz"}},
		{ID: "metz", Votes: 3},
	}
	type want struct {
		present, represented int
		reached              bool
		reachedAt            int // minutes; -1 for null
	}
	tests := []struct {
		name    string
		batches [][]hubstore.Scan
		want    want
	}{
		{"nobody yet", nil, want{0, 0, false, -1}},
		{"a holder carries a proxy", [][]hubstore.Scan{{in("a", "lyon", 2)}}, want{4, 2, true, 2}},
		{"present and represented counts once", [][]hubstore.Scan{{in("a", "lyon", 2), in("b", "nantes", 4)}}, want{6, 0, true, 2}},
		{"a holder who leaves still counts", [][]hubstore.Scan{{in("a", "lille", 2), out("b", "lille", 3)}, {in("c", "nantes", 9)}},
			want{3, 3, true, 9}},
		{"a refused scan is no presence", [][]hubstore.Scan{{refused}}, want{0, 0, false, -1}},
		{"a check-in at another door is no presence", [][]hubstore.Scan{{scan("a", "lyon", kiosk.EntranceID, kiosk.In, 1)}}, want{0, 0, false, -1}},
		{"an undone check-in counts for nothing, reached_at stays", [][]hubstore.Scan{{in("a", "lyon", 2)}, {undo("u", "lyon", "a", 5)}},
			want{0, 0, false, 2}},
		{"a scan synced late moves reached_at earlier", [][]hubstore.Scan{{in("a", "metz", 30), in("b", "nantes", 31)}, {in("c", "lyon", 10)}},
			want{9, 0, true, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ty := newTally(time.UTC)
			ty.setCheckpoints([]kiosk.Checkpoint{kiosk.DefaultEntrance,
				{ID: "ag", Name: "AG", Kind: kiosk.KindSession, Quorum: quorum},
				{ID: "plen", Name: "Plénière", Kind: kiosk.KindSession, Speakers: []string{"lyon", "metz"}}})
			ty.setMembers(members)
			for _, b := range tt.batches {
				ty.add(b)
				ty.snapshot(day) // each push to dashboards is a snapshot
			}
			c := ty.snapshot(day)
			q := c.ByCheckpoint["ag"].Quorum
			if q == nil {
				t.Fatal("no quorum in the counts")
			}
			if q.VotesTotal != 10 || q.VotesRequired != 5 || q.VotesPresent != tt.want.present || q.VotesRepresented != tt.want.represented || q.Reached != tt.want.reached {
				t.Errorf("quorum = %+v, want %+v", *q, tt.want)
			}
			switch {
			case tt.want.reachedAt < 0 && q.ReachedAt != nil:
				t.Errorf("reached_at = %v, want null", q.ReachedAt)
			case tt.want.reachedAt >= 0 && (q.ReachedAt == nil || !q.ReachedAt.Equal(at(tt.want.reachedAt))):
				t.Errorf("reached_at = %v, want %v", q.ReachedAt, at(tt.want.reachedAt))
			}
			if c.ByCheckpoint["plen"].Quorum != nil || c.ByCheckpoint[kiosk.EntranceID].Speakers != nil {
				t.Errorf("quorum or speakers where there are none: %+v", c.ByCheckpoint)
			}
		})
	}
}

func TestSpeakersArrived(t *testing.T) {
	ty := newTally(time.UTC)
	ty.setCheckpoints([]kiosk.Checkpoint{kiosk.DefaultEntrance, {ID: "hall-b", Name: "Hall B", Kind: kiosk.KindEntrance},
		{ID: "plen", Name: "Plénière", Kind: kiosk.KindSession, Speakers: []string{"S1", "S2", "S3"}}})
	at := time.Date(2016, 7, 4, 8, 0, 0, 0, time.UTC)
	sc := func(id, att, cp string, dir kiosk.Direction) hubstore.Scan {
		return hubstore.Scan{Scan: kiosk.Scan{ID: id, Kiosk: "k", Checkpoint: cp, Direction: dir, Verdict: kiosk.VerdictAccepted, AttendeeID: att, At: at}}
	}
	ty.add([]hubstore.Scan{
		sc("a", "S1", kiosk.EntranceID, kiosk.In),
		sc("b", "S1", kiosk.EntranceID, kiosk.Out), // left since: still arrived
		sc("c", "S2", "hall-b", kiosk.In),          // any entrance
		sc("d", "S3", "plen", kiosk.In),            // a session door is no entrance
	})
	got := ty.snapshot(at).ByCheckpoint["plen"].Speakers
	if got == nil || *got != (protocol.SpeakerCount{Expected: 3, Arrived: 2}) {
		t.Errorf("speakers = %+v, want 3 expected, 2 arrived", got)
	}
}
