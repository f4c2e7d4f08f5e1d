package attendance

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/csvsafe"
	"github.com/accueil/accueil/sync/hubstore"
)

// Status is a member's attendance at a meeting.
type Status string

// The statuses of the sheet, as its CSV writes them.
const (
	Present     Status = "present"
	Represented Status = "represented"
	Absent      Status = "absent"
)

// Line is one voting member's line of the sheet.
type Line struct {
	Member kiosk.Attendee
	Status Status
	// FirstAt is the member's first admission into the meeting (Present).
	FirstAt time.Time
	// Holder carries the member's votes (Represented).
	Holder kiosk.Attendee
}

// Sheet is a meeting's attendance sheet.
type Sheet struct {
	EventName  string
	Meeting    kiosk.Checkpoint
	Lines      []Line
	Quorum     kiosk.QuorumCount
	Zone       *time.Location
	MadeAt     time.Time
	Lang       kiosk.Language
	byStatus   map[Status]int // members
	votesOfSts map[Status]int
}

// ErrUnknownCheckpoint is returned, wrapped, for a checkpoint id the hub
// does not know.
var ErrUnknownCheckpoint = errors.New("unknown checkpoint")

// BuildSheet reads the meeting's facts from the store. The meeting must be
// a session with a quorum; zone is the event's time zone.
func BuildSheet(ctx context.Context, st *hubstore.Store, checkpointID string, zone *time.Location, lang kiosk.Language, now time.Time) (Sheet, error) {
	if err := st.CheckNotPurged(ctx); err != nil {
		return Sheet{}, err
	}
	cps, err := st.Checkpoints(ctx)
	if err != nil {
		return Sheet{}, err
	}
	var meetings []string
	sh := Sheet{Zone: zone, MadeAt: now, Lang: lang}
	found := false
	for _, c := range cps {
		if c.Meeting() {
			meetings = append(meetings, c.ID)
		}
		if c.ID == checkpointID {
			sh.Meeting, found = c, true
		}
	}
	hint := "no checkpoint has a quorum: add a quorum column to the checkpoints file"
	if len(meetings) > 0 {
		hint = "meetings: " + strings.Join(meetings, ", ")
	}
	switch {
	case !found:
		return Sheet{}, fmt.Errorf("%w %q (%s)", ErrUnknownCheckpoint, checkpointID, hint)
	case !sh.Meeting.Meeting():
		return Sheet{}, fmt.Errorf("checkpoint %q has no quorum, so it is not a meeting (%s)", checkpointID, hint)
	}
	ev, err := st.Event(ctx)
	if err != nil {
		return Sheet{}, err
	}
	sh.EventName = ev.Name
	people, err := st.Members(ctx)
	if err != nil {
		return Sheet{}, err
	}
	scans, err := st.Admissions(ctx, "", checkpointID)
	if err != nil {
		return Sheet{}, err
	}
	arrived := map[string]time.Time{}
	for _, s := range scans {
		if _, seen := arrived[s.AttendeeID]; !seen && s.Direction == kiosk.In {
			arrived[s.AttendeeID] = s.At
		}
	}
	sh.fill(people, arrived)
	return sh, nil
}

// fill counts the sheet from the members and their first admissions.
func (sh *Sheet) fill(people []kiosk.Attendee, arrived map[string]time.Time) {
	members := make([]kiosk.Member, len(people))
	byID := make(map[string]kiosk.Attendee, len(people))
	holderOf := map[string][]string{}
	for i, a := range people {
		members[i] = a.Member()
		byID[a.ID] = a
		for _, m := range a.Proxies() {
			holderOf[m] = append(holderOf[m], a.ID)
		}
	}
	sh.Quorum = kiosk.CountQuorum(sh.Meeting.Quorum, members, arrived)
	sh.byStatus, sh.votesOfSts = map[Status]int{}, map[Status]int{}
	for _, a := range people {
		if a.Votes <= 0 {
			continue
		}
		l := Line{Member: a, Status: Absent}
		if at, ok := arrived[a.ID]; ok {
			l.Status, l.FirstAt = Present, at
		} else {
			// The holder who came first, should a re-imported roster
			// have left two of them.
			var first time.Time
			for _, h := range holderOf[a.ID] {
				if at, ok := arrived[h]; ok && (first.IsZero() || at.Before(first)) {
					l.Status, l.Holder, first = Represented, byID[h], at
				}
			}
		}
		sh.byStatus[l.Status]++
		sh.votesOfSts[l.Status] += a.Votes
		sh.Lines = append(sh.Lines, l)
	}
}

// Count returns how many members have the status, and their votes.
func (sh Sheet) Count(s Status) (members, votes int) { return sh.byStatus[s], sh.votesOfSts[s] }

// CSVHeader is the sheet's CSV header, as CONTRACT.md names it.
var CSVHeader = []string{"attendee_id", "first_name", "last_name", "organisation", "votes", "status", "first_at", "proxy_holder_id", "proxy_holder_name"}

// WriteCSV writes one row per voting member, for a spreadsheet (UTF-8
// with a BOM, every cell safe from formula injection).
func (sh Sheet) WriteCSV(out io.Writer) error {
	w := bufio.NewWriter(out)
	if _, err := w.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	rows := [][]string{CSVHeader}
	for _, l := range sh.Lines {
		var first string
		if !l.FirstAt.IsZero() {
			first = l.FirstAt.In(sh.Zone).Format("2006-01-02 15:04")
		}
		rows = append(rows, []string{l.Member.ID, l.Member.FirstName, l.Member.LastName, l.Member.Organisation,
			strconv.Itoa(l.Member.Votes), string(l.Status), first, l.Holder.ID, l.Holder.Name()})
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write sheet: %w", err)
	}
	return w.Flush()
}

// quorumText says what the quorum asks: "1/4 des voix, soit 79 voix sur 315".
func (sh Sheet) quorumText() string {
	q, l := sh.Meeting.Quorum, sh.Lang
	req, total := number(l, sh.Quorum.VotesRequired), number(l, sh.Quorum.VotesTotal)
	if q.Den == 0 {
		return sayf(l, "quorum_votes", req, total)
	}
	return sayf(l, "quorum_of", q.String(), req, total)
}

// reachedText says whether and when the quorum was reached.
func (sh Sheet) reachedText() string {
	if sh.Quorum.ReachedAt.IsZero() {
		return say(sh.Lang, "not_reached")
	}
	return sayf(sh.Lang, "reached_at", clock(sh.Quorum.ReachedAt.In(sh.Zone)))
}

// statusText is a line's attendance in words.
func (sh Sheet) statusText(l Line) string {
	switch l.Status {
	case Present:
		return sayf(sh.Lang, "present", clock(l.FirstAt.In(sh.Zone)))
	case Represented:
		return sayf(sh.Lang, "represented", l.Holder.Name())
	}
	return say(sh.Lang, "absent")
}
