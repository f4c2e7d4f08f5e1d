package hub

import (
	"context"
	"errors"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// maxGroup bounds how many batches share one transaction, and
// maxGroupScans how many scans (a batch goes whole): a commit of a few
// thousand rows takes some tens of milliseconds, and every batch waiting
// behind it, with the relays of its scans, waits that long.
const (
	maxGroup      = 128
	maxGroupScans = 2000
)

// liveBatch is the most scans of a batch that the writer takes before
// larger ones: a kiosk scanning at a human pace sends its scans one or
// two at a time, and other doors wait for their relays; a larger batch is
// a backlog (a kiosk back from offline), hours old already.
const liveBatch = 2

type ingestRequest struct {
	batch hubstore.Batch
	reply chan ingestResult
}

type ingestResult struct {
	ackedSeq int64
	err      error
}

// fanoutQueue bounds the committed groups waiting for the fan-out: past
// it the writer waits, so a hub that cannot relay as fast as it stores
// slows its acks rather than growing without bound.
const fanoutQueue = 64

// ingestLoop is the hub's only scan writer. It takes every batch waiting
// from every kiosk and stores them in one transaction: one fsync covers
// them all, so ingest keeps up with hundreds of kiosks while each scan is
// durable before its ack leaves. What follows a commit (relays, counts)
// runs in fanoutLoop, so the next commit starts at once and relays never
// wait for other kiosks' batches to be written.
func (s *Server) ingestLoop() {
	defer s.wg.Done()
	defer close(s.fanout)
	for {
		var reqs []ingestRequest
		select {
		case <-s.ctx.Done():
			s.failPending()
			return
		case r := <-s.ingestLive:
			reqs = append(reqs, r)
		case r := <-s.ingest:
			reqs = append(reqs, r)
		}
		scans := len(reqs[0].batch.Scans)
		// Live batches first, then the others, while the group has room.
		for _, queue := range []chan ingestRequest{s.ingestLive, s.ingest} {
		more:
			for len(reqs) < maxGroup && scans < maxGroupScans {
				select {
				case r := <-queue:
					reqs = append(reqs, r)
					scans += len(r.batch.Scans)
				default:
					break more
				}
			}
		}
		s.storeGroup(reqs)
	}
}

func (s *Server) storeGroup(reqs []ingestRequest) {
	batches := make([]hubstore.Batch, len(reqs))
	for i, r := range reqs {
		batches[i] = r.batch
	}
	start := time.Now()
	// Not a kiosk's context (a kiosk leaving must not abort a commit other
	// kiosks' scans share), nor the hub's (a shutdown lets a commit under
	// way finish).
	stored, err := s.store.Ingest(context.WithoutCancel(s.ctx), batches)
	s.metrics.commitSeconds.Observe(time.Since(start).Seconds())
	if err != nil {
		s.log.Error("store scans", "batches", len(batches), "err", err)
		for _, r := range reqs {
			r.reply <- ingestResult{err: err}
		}
		return
	}
	var fresh []hubstore.Scan
	for i, r := range reqs {
		fresh = append(fresh, stored[i].New...)
		r.reply <- ingestResult{ackedSeq: stored[i].AckedSeq}
	}
	if len(fresh) > 0 {
		s.fanout <- fresh
	}
}

// relayEvery is the shortest time between two relays: groups committed
// meanwhile go out together. Every relay is one frame written to every
// kiosk (hundreds of them, some 9 µs a write here): at a commit every few
// milliseconds, the writes cost more than the storing, and the slower the
// hub stored, the more frames per scan it wrote. 20 ms bounds that at 50
// relays a second, while 20 ms more are nothing to a kiosk at another
// door.
const relayEvery = 20 * time.Millisecond

// fanoutLoop takes each committed group in commit order: relays first
// (kiosks at other doors wait for them), then the counts. One goroutine
// keeps relays in cursor order, which the kiosks' writers rely on to skip
// what a catch-up already sent.
func (s *Server) fanoutLoop() {
	defer s.wg.Done()
	var last time.Time
	for fresh := range s.fanout {
		if wait := relayEvery - time.Since(last); wait > 0 {
			time.Sleep(wait)
		}
		// Groups committed since the last relay go together: each kiosk
		// then gets fewer, fuller frames, one write each.
	more:
		for {
			select {
			case next, ok := <-s.fanout:
				if !ok {
					break more
				}
				fresh = append(fresh, next...)
			default:
				break more
			}
		}
		last = time.Now()
		s.relay(fresh)
		now := s.now()
		s.metrics.scansStored.Add(float64(len(fresh)))
		for _, sc := range fresh {
			s.metrics.ingestLag.Observe(now.Sub(sc.At).Seconds())
		}
		s.tally.add(fresh)
		s.lanes.add(fresh, now)
		s.changed()
		s.raiseArrivals(fresh)
	}
}

// failPending answers batches still queued at shutdown: not stored, so not
// acknowledged; their kiosks send them again to the next hub run.
func (s *Server) failPending() {
	for {
		select {
		case r := <-s.ingest:
			r.reply <- ingestResult{err: errShuttingDown}
		case r := <-s.ingestLive:
			r.reply <- ingestResult{err: errShuttingDown}
		default:
			return
		}
	}
}

// relay sends newly stored admitted scans to every kiosk connection. Each
// frame is encoded once for all, in each spelling some kiosk reads (Seen,
// or the compact Relay): a kiosk also receives its own scans and skips
// them, as it skips any scan it already has, by id.
func (s *Server) relay(fresh []hubstore.Scan) {
	var msgs []protocol.Seen
	var msg protocol.Seen
	for _, sc := range fresh {
		if sc.Verdict != kiosk.VerdictAccepted {
			continue
		}
		msg.Scans = append(msg.Scans, toSeen(sc))
		msg.Cursor = sc.Cursor
		if len(msg.Scans) == protocol.MaxBatch {
			msgs, msg = append(msgs, msg), protocol.Seen{}
		}
	}
	if len(msg.Scans) > 0 {
		msgs = append(msgs, msg)
	}
	if len(msgs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var seen, compact bool
	for c := range s.kiosks {
		seen, compact = seen || !c.hello.CompactRelays, compact || c.hello.CompactRelays
	}
	frames := make([]seenFrame, 0, len(msgs))
	for _, m := range msgs {
		f := seenFrame{cursor: m.Cursor}
		var err error
		if seen {
			f.frame, err = protocol.Encode(m)
		}
		if compact && err == nil {
			f.compact, err = protocol.Encode(protocol.RelayOf(m))
		}
		if err != nil {
			s.log.Error("encode relay", "err", err)
			continue
		}
		frames = append(frames, f)
	}
	for c := range s.kiosks {
		for _, f := range frames {
			c.enqueue(outgoing{seen: f})
		}
	}
}

// seenFrame is an encoded relay, as Seen and as Relay (each nil when no
// kiosk connected at the time reads it), and the highest cursor it
// carries.
type seenFrame struct {
	frame, compact []byte
	cursor         int64
}

// of is the relay in the spelling the kiosk reads, nil if none was made.
func (f seenFrame) of(c *kioskConn) []byte {
	if c.hello.CompactRelays {
		return f.compact
	}
	return f.frame
}

func toSeen(sc hubstore.Scan) protocol.SeenScan {
	return protocol.SeenScan{Cursor: sc.Cursor, WireScan: protocol.FromScan(sc.Seq, sc.Scan), HubTime: sc.HubAt}
}

// storeBatch screens a batch against the kiosk's role, hands what passes
// to the ingest loop and acknowledges the batch once that is on disk. It
// returns false when the session must end.
func (c *kioskConn) storeBatch(b *protocol.ScanBatch) bool {
	s := c.s
	if b.Epoch != c.hello.Epoch {
		c.reply(protocol.Error{Code: protocol.CodeOutOfOrder, Message: "batch of another epoch than the hello's"})
		return true
	}
	if !protocol.RightsOf(c.kiosk.Role).Scans {
		// An organiser's device watches; it admits no one.
		c.refuse(protocol.Error{Code: protocol.CodeForbiddenRole, Reason: protocol.RefusedRole,
			Message: "a " + c.kiosk.Role + " kiosk sends no scans", Scans: scanIDs(b.Scans)}, len(b.Scans))
		return true
	}
	if wait, ok := s.admit.spend(s.admit.scans, s.admit.scanQuota, c.kiosk.Name, len(b.Scans), s.now()); !ok {
		c.refuse(protocol.Error{Code: protocol.CodeRefused, Reason: protocol.RefusedQuota, Message: "more scans than any kiosk makes: send them again later",
			Scans: scanIDs(b.Scans), RetryAfterMillis: retryAfter(wait)}, len(b.Scans))
		return true
	}
	kept, refused, first, err := s.admit.screen(c.kiosk, b.Scans, func(id string) (hubstore.Scan, error) { return s.store.ScanByID(s.ctx, id) })
	if err != nil {
		s.log.Error("screen scans", "kiosk", c.kiosk.Name, "err", err)
		c.reply(protocol.Error{Code: protocol.CodeInternal, Message: "scans not stored, send them again later"})
		return true
	}
	for _, reason := range protocol.RefusalReasons {
		if ids := refused[reason]; len(ids) > 0 {
			c.refuse(protocol.Error{Code: protocol.CodeRefused, Reason: reason, Message: truncate(first[reason], 200), Scans: ids}, len(ids))
		}
	}
	// The batch is acknowledged whole: refused scans change nothing at the
	// hub, and the kiosk keeps them in its own log.
	batch := hubstore.Batch{Kiosk: c.kiosk.Name, Epoch: b.Epoch, Scans: kept, LastSeq: b.Scans[len(b.Scans)-1].Seq}
	reply := make(chan ingestResult, 1)
	queue := s.ingest
	if len(b.Scans) <= liveBatch {
		queue = s.ingestLive
	}
	select {
	case queue <- ingestRequest{batch: batch, reply: reply}:
	case <-c.done:
		return false
	case <-s.ctx.Done():
		return false
	}
	res := <-reply
	if res.err != nil {
		c.reply(protocol.Error{Code: protocol.CodeInternal, Message: "scans not stored, send them again later"})
		return !errors.Is(res.err, errShuttingDown)
	}
	c.reply(protocol.Ack{Epoch: b.Epoch, Seq: res.ackedSeq})
	return true
}

// scanIDs are the ids of scans, for a refusal.
func scanIDs(scans []protocol.WireScan) []string {
	ids := make([]string, len(scans))
	for i, sc := range scans {
		ids[i] = sc.ID
	}
	return ids
}

// retryAfter is a quota's wait, as an error says it.
func retryAfter(wait time.Duration) int64 { return max(1, wait.Milliseconds()) }
