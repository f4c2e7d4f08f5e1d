package kiosk

import (
	"strings"
	"testing"
	"time"
)

func TestParseQuorum(t *testing.T) {
	tests := []struct {
		in       string
		text     string
		required int // of 315 votes
		err      string
	}{
		{"", "", 0, ""},
		{"1/4", "1/4", 79, ""}, // 78.75 rounds up
		{" 1 / 3 ", "1/3", 105, ""},
		{"25%", "25%", 79, ""},
		{"33,5 %", "33,5%", 106, ""}, // 105.525 rounds up
		{"100%", "100%", 315, ""},
		{"120", "120", 120, ""},
		{"half", "", 0, "is not a share of the votes"},
		{"0", "", 0, "at least 1"},
		{"-3", "", 0, "at least 1"},
		{"5/4", "", 0, "between 0 and 1"},
		{"0/4", "", 0, "between 0 and 1"},
		{"1/0", "", 0, "between 0 and 1"},
		{"0%", "", 0, "between 0% and 100%"},
		{"150%", "", 0, "between 0% and 100%"},
		{"1e3%", "", 0, "between 0% and 100%"},
		{"1/4/2", "", 0, "is not a share"},
		{strings.Repeat("9", 30), "", 0, "is not a share"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			q, err := ParseQuorum(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseQuorum(%q) = %v, %v; want error with %q", tc.in, q, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.String() != tc.text || q.Required(315) != tc.required {
				t.Errorf("ParseQuorum(%q) = %q requiring %d, want %q requiring %d", tc.in, q, q.Required(315), tc.text, tc.required)
			}
			back, err := ParseQuorum(q.String())
			if err != nil || back.Required(1000) != q.Required(1000) {
				t.Errorf("%q does not read back: %v", q, err)
			}
		})
	}
}

func TestCountQuorum(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2016, 7, 5, 14, min, 0, 0, time.UTC) }
	// Ten votes in all: a quarter is 3 (2.5 rounded up).
	members := []Member{
		{ID: "lyon", Votes: 4, ProxyFor: []string{"nantes", "lille"}},
		{ID: "nantes", Votes: 2},
		{ID: "lille", Votes: 1, ProxyFor: []string{"metz"}},
		{ID: "metz", Votes: 3},
		{ID: "clerk", Votes: 0, ProxyFor: []string{"brest"}}, // a holder without votes of their own
		{ID: "brest", Votes: 0},
	}
	q, _ := ParseQuorum("1/2") // 5 of 10
	tests := []struct {
		name    string
		arrived map[string]time.Time
		want    QuorumCount
	}{
		{"nobody", nil, QuorumCount{VotesTotal: 10, VotesRequired: 5}},
		{"a holder brings their proxies", map[string]time.Time{"lyon": at(2)},
			QuorumCount{10, 5, 4, 3, true, at(2)}},
		{"a represented member who comes counts once, as present", map[string]time.Time{"lyon": at(2), "nantes": at(5)},
			QuorumCount{10, 5, 6, 1, true, at(2)}},
		{"no chains: lille is represented, metz is not", map[string]time.Time{"lyon": at(7)},
			QuorumCount{10, 5, 4, 3, true, at(7)}},
		{"a present holder represents", map[string]time.Time{"lille": at(1), "metz": at(9)},
			QuorumCount{10, 5, 4, 0, false, time.Time{}}},
		{"reached at the arrival that made it", map[string]time.Time{"metz": at(1), "nantes": at(3), "lille": at(4)},
			QuorumCount{10, 5, 6, 0, true, at(3)}},
		{"people with no part in the meeting change nothing", map[string]time.Time{"someone": at(0), "clerk": at(1)},
			QuorumCount{VotesTotal: 10, VotesRequired: 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CountQuorum(q, members, tc.arrived); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	t.Run("a number of votes", func(t *testing.T) {
		q, _ := ParseQuorum("7")
		got := CountQuorum(q, members, map[string]time.Time{"lyon": at(1), "lille": at(2)})
		if got.VotesRequired != 7 || got.VotesPresent != 5 || got.VotesRepresented != 5 || !got.Reached || !got.ReachedAt.Equal(at(1)) {
			t.Errorf("got %+v", got)
		}
	})
}

func TestMeetingValidation(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"negative votes", Attendee{ID: "a", LastName: "A", Votes: -1}.Validate(), "votes -1"},
		{"proxy for oneself", Attendee{ID: "a", LastName: "A", ProxyFor: "b a"}.Validate(), "themself"},
		{"proxy named twice", Attendee{ID: "a", LastName: "A", ProxyFor: "b b"}.Validate(), "twice"},
		{"proxy list not normalised", Attendee{ID: "a", LastName: "A", ProxyFor: " b"}.Validate(), "single spaces"},
		{"quorum on an entrance", Checkpoint{ID: "e", Name: "E", Kind: KindEntrance, Quorum: Quorum{Num: 1, Den: 2}}.Validate(), "a meeting is a session"},
		{"speaker named twice", Checkpoint{ID: "s", Name: "S", Kind: KindSession, Speakers: []string{"x", "x"}}.Validate(), "twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
				t.Errorf("error = %v, want one with %q", tc.err, tc.want)
			}
		})
	}
}
