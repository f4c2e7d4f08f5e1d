package hub

import (
	"context"
	"fmt"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// The General Meeting's figures and the speakers' arrivals, computed from
// the tally's admitted scans at each snapshot: a meeting has a few hundred
// members, so recounting costs less than keeping another running total in
// step with undos and late scans.

// setMembers replaces the members of the General Meeting (after an import).
func (t *tally) setMembers(members []kiosk.Member) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.members = members
	t.version++
}

// loadMembers reads the members' votes and proxies for the counts.
func (s *Server) loadMembers(ctx context.Context) error {
	list, err := s.store.Members(ctx)
	if err != nil {
		return fmt.Errorf("load members: %w", err)
	}
	members := make([]kiosk.Member, len(list))
	for i, a := range list {
		members[i] = a.Member()
	}
	s.tally.setMembers(members)
	return nil
}

// meetingCounts fills the quorum of each meeting and the speakers of each
// checkpoint that has some. t.mu is held.
func (t *tally) meetingCounts(by map[string]protocol.CheckpointCount) {
	for id, cp := range t.checkpoints {
		if !cp.Meeting() && len(cp.Speakers) == 0 {
			continue
		}
		line := by[id]
		if cp.Meeting() {
			line.Quorum = t.quorum(cp)
		}
		if len(cp.Speakers) > 0 {
			sc := &protocol.SpeakerCount{Expected: len(cp.Speakers)}
			for _, sp := range cp.Speakers {
				if t.arrivedAtEntrance(sp) {
					sc.Arrived++
				}
			}
			line.Speakers = sc
		}
		by[id] = line
	}
}

// quorum counts a meeting. Present is an admission there that stands,
// whatever came after it (an exit does not take a vote away).
func (t *tally) quorum(cp kiosk.Checkpoint) *protocol.QuorumCount {
	arrived := make(map[string]time.Time, len(t.where[cp.ID]))
	for att, v := range t.where[cp.ID] {
		if first, ok := v.firstIn(); ok {
			arrived[att] = first
		}
	}
	q := kiosk.CountQuorum(cp.Quorum, t.members, arrived)
	// The first time it was reached stays, even when an undo takes the
	// meeting back below its quorum; a scan synced late that reached it
	// earlier moves it back.
	if kept, ok := t.reachedAt[cp.ID]; !q.ReachedAt.IsZero() && (!ok || q.ReachedAt.Before(kept)) {
		t.reachedAt[cp.ID] = q.ReachedAt
		t.unsavedReached[cp.ID] = q.ReachedAt
	}
	out := &protocol.QuorumCount{VotesTotal: q.VotesTotal, VotesRequired: q.VotesRequired, VotesPresent: q.VotesPresent,
		VotesRepresented: q.VotesRepresented, Reached: q.Reached}
	if at, ok := t.reachedAt[cp.ID]; ok {
		at = at.UTC()
		out.ReachedAt = &at
	}
	return out
}

// arrivedAtEntrance reports whether the attendee was ever admitted at an
// entrance. t.mu is held.
func (t *tally) arrivedAtEntrance(att string) bool {
	for id, cp := range t.checkpoints {
		if cp.Kind != kiosk.KindEntrance {
			continue
		}
		if v := t.where[id][att]; v != nil && v.admitted() {
			return true
		}
	}
	return false
}

// firstIn is the kiosk time of the earliest admission.
func (v *visits) firstIn() (time.Time, bool) {
	for _, s := range v.scans {
		if s.dir == kiosk.In {
			return s.at, true
		}
	}
	return time.Time{}, false
}

// keepReached takes the times kept in the store, so that a restart keeps
// a quorum reached before an undo.
func (t *tally) keepReached(kept map[string]time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for cp, at := range kept {
		if mine, ok := t.reachedAt[cp]; !ok || at.Before(mine) {
			t.reachedAt[cp] = at
		}
	}
	t.version++
}

// checkQuorums notes when meetings reached their quorum, as a snapshot
// does, for a hub making no snapshot while nobody watches.
func (t *tally) checkQuorums() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, cp := range t.checkpoints {
		if cp.Meeting() {
			t.quorum(cp)
		}
	}
}

// takeUnsavedReached returns the quorum times found since the last call.
func (t *tally) takeUnsavedReached() map[string]time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.unsavedReached) == 0 {
		return nil
	}
	out := t.unsavedReached
	t.unsavedReached = make(map[string]time.Time)
	return out
}

// saveQuorumReached keeps in the store the quorum times the last counts
// found; one that fails is tried again with the next counts.
func (s *Server) saveQuorumReached() {
	for cp, at := range s.tally.takeUnsavedReached() {
		if err := s.store.KeepQuorumReached(s.ctx, cp, at); err != nil {
			s.log.Error("keep quorum time", "checkpoint", cp, "err", err)
			s.tally.mu.Lock()
			s.tally.unsavedReached[cp] = at
			s.tally.mu.Unlock()
		}
	}
}

// loadQuorumReached reads the quorum times kept by earlier runs.
func (s *Server) loadQuorumReached(ctx context.Context) error {
	kept, err := s.store.QuorumReached(ctx)
	if err != nil {
		return err
	}
	s.tally.keepReached(kept)
	return nil
}
