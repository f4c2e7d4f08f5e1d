package kiosk

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Bounds on the General Meeting's columns: generous for any association,
// finite because every list is read from a file and kept in memory.
const (
	MaxVotes    = 1_000_000 // votes of one member
	MaxProxies  = 100       // members one attendee may represent
	MaxSpeakers = 200       // speakers of one session
)

// Quorum is the share of all votes that must be present or represented
// for a meeting to be valid: a fraction (1/4), a percentage (25%, 33.5%)
// or a number of votes (120). The zero Quorum means no quorum: the
// checkpoint is not a meeting.
type Quorum struct {
	// Num/Den is the share; Den 0 means Num is a number of votes.
	Num, Den int64
	text     string // as written, normalised: "1/4", "25%", "120"
}

// ParseQuorum reads a checkpoints cell; empty means no quorum.
func ParseQuorum(s string) (Quorum, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Quorum{}, nil
	}
	bad := func() (Quorum, error) {
		return Quorum{}, fmt.Errorf("quorum %q is not a share of the votes (want 1/4, 25%% or a whole number of votes such as 120)", s)
	}
	if len(s) > 20 {
		return bad()
	}
	compact := strings.ReplaceAll(s, " ", "")
	switch {
	case strings.HasSuffix(compact, "%"):
		r, ok := new(big.Rat).SetString(strings.Replace(strings.TrimSuffix(compact, "%"), ",", ".", 1))
		if !ok || r.Sign() <= 0 || r.Cmp(big.NewRat(100, 1)) > 0 || !r.Denom().IsInt64() {
			if ok && (r.Sign() <= 0 || r.Cmp(big.NewRat(100, 1)) > 0) {
				return Quorum{}, fmt.Errorf("quorum %q is not between 0%% and 100%%", s)
			}
			return bad()
		}
		r.Quo(r, big.NewRat(100, 1))
		return Quorum{Num: r.Num().Int64(), Den: r.Denom().Int64(), text: compact}, nil
	case strings.Contains(compact, "/"):
		a, b, _ := strings.Cut(compact, "/")
		n, err1 := strconv.ParseInt(a, 10, 32)
		d, err2 := strconv.ParseInt(b, 10, 32)
		if err1 != nil || err2 != nil {
			return bad()
		}
		if n <= 0 || d <= 0 || n > d {
			return Quorum{}, fmt.Errorf("quorum %q is not a fraction between 0 and 1", s)
		}
		return Quorum{Num: n, Den: d, text: compact}, nil
	}
	n, err := strconv.ParseInt(compact, 10, 64)
	if err != nil {
		return bad()
	}
	if n < 1 || n > MaxVotes*int64(MaxProxies) {
		return Quorum{}, fmt.Errorf("quorum %q is not a number of votes of at least 1", s)
	}
	return Quorum{Num: n, text: compact}, nil
}

// IsZero reports whether there is no quorum.
func (q Quorum) IsZero() bool { return q.Num == 0 }

// String is the quorum as written in the checkpoints file, for storage and
// display; ParseQuorum(q.String()) gives q back.
func (q Quorum) String() string {
	switch {
	case q.IsZero():
		return ""
	case q.text != "":
		return q.text
	case q.Den == 0:
		return strconv.FormatInt(q.Num, 10)
	}
	return fmt.Sprintf("%d/%d", q.Num, q.Den)
}

// Required is the number of votes needed out of total, rounded up: a
// quarter of 10 votes is 3, never 2.5 rounded down.
func (q Quorum) Required(total int) int {
	switch {
	case q.IsZero():
		return 0
	case q.Den == 0:
		return int(q.Num)
	}
	p := int64(total) * q.Num
	return int((p + q.Den - 1) / q.Den)
}

// Meeting reports whether the checkpoint is a meeting: a session with a quorum.
func (c Checkpoint) Meeting() bool { return c.Kind == KindSession && !c.Quorum.IsZero() }

// Member is what a meeting's figures need of an attendee.
type Member struct {
	ID       string
	Votes    int
	ProxyFor []string
}

// Member returns the attendee's part in the General Meeting.
func (a Attendee) Member() Member { return Member{ID: a.ID, Votes: a.Votes, ProxyFor: a.Proxies()} }

// Proxies returns the ids of the members whose votes the attendee carries.
func (a Attendee) Proxies() []string { return strings.Fields(a.ProxyFor) }

// JoinIDs writes a list of ids the way ProxyFor and the files hold them.
func JoinIDs(ids []string) string { return strings.Join(ids, " ") }

// validateMeeting checks the attendee's meeting fields on their own; whether
// the ids of ProxyFor exist is the roster's business.
func (a Attendee) validateMeeting() error {
	if a.Votes < 0 || a.Votes > MaxVotes {
		return fmt.Errorf("votes %d is not between 0 and %d", a.Votes, MaxVotes)
	}
	ids := a.Proxies()
	if len(ids) > MaxProxies {
		return fmt.Errorf("proxy_for lists %d members, at most %d", len(ids), MaxProxies)
	}
	if a.ProxyFor != JoinIDs(ids) {
		return fmt.Errorf("proxy_for %.40q is not ids separated by single spaces", a.ProxyFor)
	}
	for i, id := range ids {
		switch {
		case id == "" || len(id) > MaxIDLength || strings.ContainsAny(id, " \t\r\n"):
			return fmt.Errorf("proxy_for %.40q is not an attendee id", id)
		case id == a.ID:
			return fmt.Errorf("proxy_for names the attendee themself (%q)", id)
		case slices.Contains(ids[:i], id):
			return fmt.Errorf("proxy_for names %q twice", id)
		}
	}
	return nil
}

// validateMeeting checks a checkpoint's quorum and speakers on their own.
func (c Checkpoint) validateMeeting() error {
	if !c.Quorum.IsZero() && c.Kind != KindSession {
		return fmt.Errorf("quorum %q on a checkpoint of kind %s (a meeting is a session)", c.Quorum, c.Kind)
	}
	if len(c.Speakers) > MaxSpeakers {
		return fmt.Errorf("speakers lists %d attendees, at most %d", len(c.Speakers), MaxSpeakers)
	}
	for i, id := range c.Speakers {
		switch {
		case id == "" || len(id) > MaxIDLength || strings.ContainsAny(id, " \t\r\n"):
			return fmt.Errorf("speakers %.40q is not an attendee id", id)
		case slices.Contains(c.Speakers[:i], id):
			return fmt.Errorf("speakers names %q twice", id)
		}
	}
	return nil
}

// QuorumCount is where a meeting stands.
type QuorumCount struct {
	VotesTotal       int
	VotesRequired    int
	VotesPresent     int
	VotesRepresented int
	Reached          bool
	// ReachedAt is the first moment present and represented votes met the
	// quorum, replaying the arrivals in order; zero when never.
	ReachedAt time.Time
}

// CountQuorum applies the rules of CONTRACT.md to a meeting. arrived holds,
// for each attendee with an admission into the meeting that stands (undone
// check-ins left out), the time of the first one; leaving does not undo
// it. A member not present is represented when one of the holders of their
// proxy is present: a represented member's own proxies count for nothing
// (no chains), and a member present and also represented counts once, as
// present.
func CountQuorum(q Quorum, members []Member, arrived map[string]time.Time) QuorumCount {
	votes := make(map[string]int, len(members))
	holders := make(map[string][]string) // holder -> members whose proxy they hold
	c := QuorumCount{}
	for _, m := range members {
		if m.Votes > 0 {
			votes[m.ID] = m.Votes
			c.VotesTotal += m.Votes
		}
		if len(m.ProxyFor) > 0 {
			holders[m.ID] = m.ProxyFor
		}
	}
	c.VotesRequired = q.Required(c.VotesTotal)

	type arrival struct {
		id string
		at time.Time
	}
	order := make([]arrival, 0, len(arrived))
	for id, at := range arrived {
		if votes[id] > 0 || len(holders[id]) > 0 {
			order = append(order, arrival{id, at})
		}
	}
	slices.SortFunc(order, func(a, b arrival) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	present := make(map[string]bool, len(order))
	represented := make(map[string]bool)
	for _, a := range order {
		present[a.id] = true
		if represented[a.id] {
			delete(represented, a.id)
			c.VotesRepresented -= votes[a.id]
		}
		c.VotesPresent += votes[a.id]
		for _, m := range holders[a.id] {
			if !present[m] && !represented[m] && votes[m] > 0 {
				represented[m] = true
				c.VotesRepresented += votes[m]
			}
		}
		if c.ReachedAt.IsZero() && c.VotesRequired > 0 && c.VotesPresent+c.VotesRepresented >= c.VotesRequired {
			c.ReachedAt = a.at
		}
	}
	c.Reached = c.VotesRequired > 0 && c.VotesPresent+c.VotesRepresented >= c.VotesRequired
	return c
}
