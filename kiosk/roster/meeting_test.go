package roster

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
)

func TestReadAttendeesMeeting(t *testing.T) {
	const head = "id,last_name,votes,proxy_for\n"
	tests := []struct {
		name     string
		input    string
		ids      []string
		problems []problem
		check    func(t *testing.T, got Attendees)
	}{
		{
			name:  "votes and proxies",
			input: head + "M1,Lyon,12,M2 M3\nM2,Nantes,3,\nM3,Lille,\"4\",\nV1,Visitor,,\n",
			ids:   []string{"M1", "M2", "M3", "V1"},
			check: func(t *testing.T, got Attendees) {
				a := got.Attendees[0]
				if a.Votes != 12 || a.ProxyFor != "M2 M3" || !slices.Equal(a.Proxies(), []string{"M2", "M3"}) {
					t.Errorf("M1 = %+v", a)
				}
				if got.Attendees[3].Votes != 0 || got.Attendees[3].ProxyFor != "" {
					t.Errorf("V1 = %+v", got.Attendees[3])
				}
			},
		},
		{
			name:  "commas and extra spaces in proxy_for",
			input: head + "M1,Lyon,1,\"M2,  M3\"\nM2,Nantes,1,\nM3,Lille,1,\n",
			ids:   []string{"M1", "M2", "M3"},
			check: func(t *testing.T, got Attendees) {
				if got.Attendees[0].ProxyFor != "M2 M3" {
					t.Errorf("proxy_for = %q", got.Attendees[0].ProxyFor)
				}
			},
		},
		{
			name:     "bad votes",
			input:    head + "M1,Lyon,-2,\nM2,Nantes,douze,\nM3,Lille,1.5,\nM4,Metz,2000000,\n",
			problems: []problem{{2, `column votes: "-2"`}, {3, `column votes: "douze"`}, {4, `column votes: "1.5"`}, {5, `column votes: "2000000"`}},
		},
		{
			name:     "proxy for an unknown id",
			input:    head + "M1,Lyon,1,M9\nM2,Nantes,1,\n",
			ids:      []string{"M2"},
			problems: []problem{{2, `column proxy_for: "M9" is not an attendee of this roster`}},
		},
		{
			name:     "proxy for oneself",
			input:    head + "M1,Lyon,1,M1\n",
			problems: []problem{{2, `column proxy_for: "M1" is the attendee themself`}},
		},
		{
			name:     "member given to two holders",
			input:    head + "M1,Lyon,1,M3\nM2,Nantes,1,M3\nM3,Lille,1,\n",
			ids:      []string{"M1", "M3"},
			problems: []problem{{3, `column proxy_for: "M3" already gives their proxy to "M1" (line 2)`}},
		},
		{
			name:     "a member named twice by one holder",
			input:    head + "M1,Lyon,1,M2 M2\nM2,Nantes,1,\n",
			ids:      []string{"M2"},
			problems: []problem{{2, `column proxy_for: "M2" is named twice`}},
		},
		{
			name:     "problems stay in line order",
			input:    head + "M1,Lyon,1,M9\nM2,Nantes,x,\n",
			problems: []problem{{2, "M9"}, {3, "column votes"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadAttendees(strings.NewReader(tc.input), nil)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range got.Attendees {
				ids = append(ids, a.ID)
			}
			checkRows(t, ids, got.Problems, tc.ids, tc.problems)
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

func TestReadCheckpointsMeeting(t *testing.T) {
	const head = "id,name,kind,quorum,speakers\n"
	roster := map[string]bool{"S1": true, "S2": true}
	tests := []struct {
		name     string
		input    string
		onRoster func(string) bool
		ids      []string
		problems []problem
		check    func(t *testing.T, got Checkpoints)
	}{
		{
			name:  "quorum forms and speakers",
			input: head + "ag,AG,session,1/4,\"S1, S2\"\nag2,AG2,session,25 %,\nag3,AG3,session,120,\nplen,Plénière,session,,S2\n",
			ids:   []string{"ag", "ag2", "ag3", "plen"},
			check: func(t *testing.T, got Checkpoints) {
				c := got.Checkpoints
				if !c[0].Meeting() || c[0].Quorum.String() != "1/4" || c[0].Quorum.Required(10) != 3 || !slices.Equal(c[0].Speakers, []string{"S1", "S2"}) {
					t.Errorf("ag = %+v", c[0])
				}
				if c[1].Quorum.String() != "25%" || c[1].Quorum.Required(10) != 3 {
					t.Errorf("ag2 quorum = %v", c[1].Quorum)
				}
				if c[2].Quorum.Required(10) != 120 {
					t.Errorf("ag3 quorum = %v", c[2].Quorum)
				}
				if c[3].Meeting() || !slices.Equal(c[3].Speakers, []string{"S2"}) {
					t.Errorf("plen = %+v", c[3])
				}
			},
		},
		{
			name:     "bad quorums",
			input:    head + "a,A,session,half,\nb,B,session,5/4,\nc,C,session,0,\nd,D,session,150%,\ne,E,entrance,1/2,\n",
			problems: []problem{{2, `column quorum: quorum "half" is not a share`}, {3, "not a fraction between 0 and 1"}, {4, "not a number of votes of at least 1"}, {5, "not between 0% and 100%"}, {6, "a quorum makes a meeting, which is a session"}},
		},
		{
			name:     "speaker not on the roster",
			input:    head + "plen,Plénière,session,,S1 S9\n",
			onRoster: func(id string) bool { return roster[id] },
			problems: []problem{{2, `column speakers: "S9" is not on the roster`}},
		},
		{
			name:  "speakers unchecked without a roster",
			input: head + "plen,Plénière,session,,S1 S9\n",
			ids:   []string{"plen"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCheckpointsFor(strings.NewReader(tc.input), time.UTC, tc.onRoster)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, c := range got.Checkpoints {
				ids = append(ids, c.ID)
			}
			checkRows(t, ids, got.Problems, tc.ids, tc.problems)
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// checkRows compares the ids of the good rows and the problems read.
func checkRows(t *testing.T, ids []string, problems []Problem, wantIDs []string, want []problem) {
	t.Helper()
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("ids = %q, want %q", ids, wantIDs)
	}
	if len(problems) != len(want) {
		t.Fatalf("problems = %q, want %d", problems, len(want))
	}
	for i, p := range want {
		if problems[i].Line != p.line || !strings.Contains(problems[i].Reason, p.reason) {
			t.Errorf("problem %d = %q, want line %d with %q", i, problems[i], p.line, p.reason)
		}
	}
}

// meetingSeeds are fuzz seeds that reach the meeting columns.
var meetingSeeds = []string{
	"id,last_name,votes,proxy_for\nM1,Lyon,12,M2 M3\nM2,Nantes,3,\nM3,Lille,4,M1\n",
	"id;last_name;votes;proxy_for\nM1;Lyon;1;M2\nM2;Nantes;1;M2\nM3;Lille;x;M1,M2\n",
	"id,name,kind,quorum,speakers\nag,AG,session,1/4,S1\nb,B,session,33.5%,\nc,C,entrance,3,\n",
}

// checkMeetingRules is what the fuzz targets require of any roster read.
func checkMeetingRules(t *testing.T, got Attendees) {
	given := map[string]string{}
	for _, a := range got.Attendees {
		for _, m := range a.Proxies() {
			if m == a.ID {
				t.Errorf("%q holds their own proxy", a.ID)
			}
			if h, dup := given[m]; dup {
				t.Errorf("%q gives their proxy to %q and %q", m, h, a.ID)
			}
			given[m] = a.ID
		}
		if a.Votes < 0 || a.ProxyFor != kiosk.JoinIDs(a.Proxies()) {
			t.Errorf("meeting fields not clean: %+v", a)
		}
	}
}

func TestMeetingSeedsRead(t *testing.T) {
	for _, s := range meetingSeeds[:2] {
		got, err := ReadAttendees(bytes.NewReader([]byte(s)), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkMeetingRules(t, got)
	}
}
