package loadtest

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// Run prepares a hub folder, starts the hub binary on it and measures.
func Run(ctx context.Context, cfg Config) (Report, error) {
	var rep Report
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Out, format+"\n", args...) }
	kiosks := cfg.Senders + cfg.IdleKiosks + 3
	say("preparing a hub with %d attendees and %d kiosks in %s", cfg.Roster, kiosks, cfg.Dir)
	fl, token, key, err := prepare(ctx, cfg, kiosks)
	if err != nil {
		return rep, err
	}
	book := newBadgeBook(key, loadEvent)
	if err := book.signAll(cfg.Roster); err != nil {
		return rep, err
	}
	versions, err := currentVersions(ctx, cfg.Dir)
	if err != nil {
		return rep, err
	}
	hub, err := startHub(ctx, cfg)
	if err != nil {
		return rep, err
	}
	defer hub.stop()
	hello := func(epoch string) protocol.Hello {
		h := versions
		h.Epoch = epoch
		return h
	}

	// 1. A thousand kiosks and a thousand dashboards connected.
	say("connecting %d kiosks and %d dashboards", kiosks-1, cfg.Dashboards)
	conns := make([]*simKiosk, kiosks-1)
	if err := parallel(len(conns), 50, func(i int) error {
		k, err := dialKiosk(cfg.Addr, fl.creds[i], fl.names[i], hello("e1"), book)
		conns[i] = k
		return err
	}); err != nil {
		return rep, err
	}
	dashes := make([]*simDashboard, cfg.Dashboards)
	if err := parallel(len(dashes), 50, func(i int) error {
		d, err := dialDashboard(cfg.Addr, token)
		dashes[i] = d
		return err
	}); err != nil {
		return rep, err
	}
	rep.KiosksConnected, rep.DashboardsConnected = len(conns), len(dashes)
	time.Sleep(2 * time.Second)
	rep.MemoryMB = hub.rssMB()
	say("hub resident memory: %.0f MB", rep.MemoryMB)
	hub.cut("connect")

	// Counts reaching the dashboards after a scan.
	probe := conns[0]
	var lat []time.Duration
	seq := 1
	for p := 1; p <= 20; p++ {
		start := time.Now()
		if err := probe.sendScans(1, 1, seq, cfg.Roster, time.Now, 0); err != nil {
			return rep, err
		}
		seq++
		deadline := time.Now().Add(5 * time.Second)
		for _, d := range dashes {
			for {
				if at, ok := d.firstWith(p); ok {
					lat = append(lat, at.Sub(start))
					break
				}
				if time.Now().After(deadline) {
					return rep, fmt.Errorf("a dashboard got no counts within 5 s of scan %d", p)
				}
				time.Sleep(time.Millisecond)
			}
		}
		time.Sleep(150 * time.Millisecond)
	}
	rep.DashboardP50, rep.DashboardP99 = percentile(lat, 50), percentile(lat, 99)
	say("dashboards: p50 %s p99 %s", ms(rep.DashboardP50), ms(rep.DashboardP99))
	for _, d := range dashes {
		d.close()
	}
	// Only the senders and two probes stay for the ingest.
	for _, k := range conns[cfg.Senders+2:] {
		k.close()
	}
	senders, relayA, relayB := conns[:cfg.Senders], conns[cfg.Senders], conns[cfg.Senders+1]

	// 2. Ingest as fast as the kiosks can send, then at a steady rate with
	// relay probes from A to B.
	hub.cut("dashboards")
	per := cfg.Scans / cfg.Senders
	say("ingest: %d kiosks send %d scans in batches of %d, as fast as acks come", cfg.Senders, per*cfg.Senders, cfg.BatchSize)
	start, cpu, own := time.Now(), hub.cpu(), ownCPU()
	if err := parallel(len(senders), len(senders), func(i int) error {
		first := 1
		if i == 0 {
			first = seq
		}
		return senders[i].sendScans(per, cfg.BatchSize, first, cfg.Roster, time.Now, 0)
	}); err != nil {
		return rep, err
	}
	elapsed := time.Since(start)
	rep.IngestSeconds = elapsed.Seconds()
	rep.IngestRate = float64(per*cfg.Senders) / elapsed.Seconds()
	rep.HubCPUPerScan = (hub.cpu() - cpu) / time.Duration(per*cfg.Senders)
	rep.LoadCPUPerScan = (ownCPU() - own) / time.Duration(per*cfg.Senders)
	say("ingest: %.0f scans/s", rep.IngestRate)
	seq += per
	hub.cut("ingest")

	probes := &relayProbe{a: relayA, b: relayB}
	st, err := steadyPhase(cfg, senders, probes, cfg.Rate, per, seq)
	if err != nil {
		return rep, err
	}
	seq += per
	rep.SteadyRate, rep.RelayP50, rep.RelayP99 = st.rate, st.p50, st.p99
	hub.cut("steady")
	if cfg.OverRate > 0 {
		// Beyond what the hub can store: relays must still come at once.
		st, err := steadyPhase(cfg, senders, probes, cfg.OverRate, per, seq)
		if err != nil {
			return rep, err
		}
		rep.OverRate, rep.OverHeld, rep.OverRelayP50, rep.OverRelayP99 = cfg.OverRate, st.rate, st.p50, st.p99
		hub.cut("over")
	}
	for _, k := range conns[:cfg.Senders+2] {
		k.close()
	}

	// 3. A kiosk back with a 10,000-scan backlog.
	back, err := dialKiosk(cfg.Addr, fl.creds[kiosks-2], fl.names[kiosks-2], hello("backlog"), book)
	if err != nil {
		return rep, err
	}
	start = time.Now()
	if err := back.sendScans(cfg.Backlog, protocol.MaxBatch, 1, cfg.Roster, func() time.Time { return start.Add(-time.Hour) }, 0); err != nil {
		return rep, err
	}
	rep.BacklogDrain = time.Since(start)
	back.close()
	say("backlog of %d scans drained in %s", cfg.Backlog, ms(rep.BacklogDrain))
	hub.cut("backlog")

	// 4. A new kiosk downloads and stores the whole roster.
	rep.RosterDownload, rep.RosterSearchable, err = downloadRoster(ctx, cfg, key.Public(), fl.names[kiosks-1], fl.creds[kiosks-1],
		versions.RosterVersion)
	if err != nil {
		return rep, err
	}
	say("roster downloaded and stored in %s, searchable at %s", ms(rep.RosterDownload), ms(rep.RosterSearchable))
	hub.cut("roster")

	// 5. Beside the ingest, the machine's limit for the same rows, in the
	// same minute.
	if rep.DurableLimit, err = durableLimit(ctx, filepath.Join(cfg.Dir, "limit"), 100_000); err != nil {
		return rep, fmt.Errorf("measure the durable insert limit: %w", err)
	}
	say("durable insert limit: %.0f rows/s", rep.DurableLimit)
	return rep, nil
}

// sendProbe sends one scan and waits for its ack, as a real kiosk keeps
// one batch in flight. sent is called just before it goes, so that a relay
// faster than this call's return is still timed.
func (k *simKiosk) sendProbe(seq int, sent func(id string, at time.Time)) error {
	msg := protocol.ScanBatch{Epoch: k.epoch, Scans: []protocol.WireScan{probeScan(k, seq)}}
	sent(msg.Scans[0].ID, time.Now())
	if err := k.send(msg); err != nil {
		return err
	}
	for {
		select {
		case got := <-k.acks:
			if got >= int64(seq) {
				return nil
			}
		case <-k.done:
			return fmt.Errorf("kiosk %s: connection closed", k.name)
		case <-time.After(60 * time.Second):
			return fmt.Errorf("kiosk %s: no ack for probe %d", k.name, seq)
		}
	}
}

func currentVersions(ctx context.Context, dir string) (protocol.Hello, error) {
	st, err := hubstore.Open(dir)
	if err != nil {
		return protocol.Hello{}, err
	}
	defer st.Close()
	m, err := st.Marks(ctx)
	if err != nil {
		return protocol.Hello{}, err
	}
	// The simulated kiosks read relays as today's kiosks do.
	return protocol.Hello{RosterVersion: m.Roster, CheckpointsVersion: m.Checkpoints, RevocationsVersion: m.Revocations,
		CompactRelays: true}, nil
}

// parallel runs fn(0..n-1) with at most width at once; first error wins.
func parallel(n, width int, fn func(i int) error) error {
	sem := make(chan struct{}, width)
	var wg sync.WaitGroup
	var first error
	var mu sync.Mutex
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := fn(i); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}
