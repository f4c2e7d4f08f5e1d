package loadtest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// relayProbe times scans sent by kiosk A until kiosk B hears of them.
type relayProbe struct {
	a, b *simKiosk
	seq  int // A's last sequence number, carried from phase to phase
}

// steady is what one steady phase measured.
type steady struct {
	rate     float64 // scans per second held
	p50, p99 time.Duration
	probes   int
}

// steadyPhase has every sender send per scans at rate in all, a batch at a
// time spread over each period, while the probe sends one scan every
// 20 ms from A and times its relay to B.
func steadyPhase(cfg Config, senders []*simKiosk, probe *relayProbe, rate, per, firstSeq int) (steady, error) {
	var out steady
	var sentAt sync.Map // scan id → time sent
	var lat []time.Duration
	var mu sync.Mutex
	probe.b.mu.Lock()
	probe.b.watch = func(ids []string, at time.Time) {
		for _, id := range ids {
			if t, ok := sentAt.LoadAndDelete(id); ok {
				mu.Lock()
				lat = append(lat, at.Sub(t.(time.Time)))
				mu.Unlock()
			}
		}
	}
	probe.b.mu.Unlock()
	var done atomic.Bool
	probeDone := make(chan error, 1)
	go func() {
		// A probe every 20 ms, or as soon as the last one's ack came when
		// that took longer.
		next := time.Now()
		for !done.Load() {
			time.Sleep(time.Until(next))
			next = time.Now().Add(20 * time.Millisecond)
			probe.seq++
			if err := probe.a.sendProbe(probe.seq, func(id string, at time.Time) { sentAt.Store(id, at) }); err != nil {
				probeDone <- err
				return
			}
		}
		probeDone <- nil
	}()
	every := time.Duration(float64(time.Second) * float64(cfg.BatchSize*len(senders)) / float64(rate))
	fmt.Fprintf(cfg.Out, "steady load: %d scans/s from %d kiosks (a batch of %d every %s each), relay probes every 20 ms\n",
		rate, len(senders), cfg.BatchSize, every)
	// Each kiosk's rate is its scans over its own span, first send to one
	// period past its last; they run side by side, so the rates add up.
	// (Scans over the phase's wall time would count the start's stagger
	// and the last ack as time not held: 9,99x for 10,000 kept exactly.)
	spans := make([]time.Duration, len(senders))
	err := parallel(len(senders), len(senders), func(i int) error {
		// Kiosks do not scan in step: spread their batches over the period.
		time.Sleep(every * time.Duration(i) / time.Duration(len(senders)))
		var err error
		spans[i], err = senders[i].sendPaced(per, cfg.BatchSize, firstSeq, cfg.Roster, time.Now, every)
		return err
	})
	for _, span := range spans {
		if span > 0 {
			out.rate += float64(per) / span.Seconds()
		}
	}
	done.Store(true)
	if perr := <-probeDone; err == nil {
		err = perr
	}
	if err != nil {
		return out, err
	}
	time.Sleep(500 * time.Millisecond)
	probe.b.mu.Lock()
	probe.b.watch = nil
	probe.b.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	out.p50, out.p99, out.probes = percentile(lat, 50), percentile(lat, 99), len(lat)
	fmt.Fprintf(cfg.Out, "steady load held at %.0f scans/s; relay over %d probes: p50 %s p99 %s\n", out.rate, out.probes, ms(out.p50), ms(out.p99))
	return out, nil
}
