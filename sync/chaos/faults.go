package chaos

import (
	"context"
	"path/filepath"
	"sync"
	"time"
)

// phase times, as fractions of the run.
const (
	offline1From, offline1To = 0.10, 0.35
	offline2From, offline2To = 0.45, 0.65
	restoreAt                = 0.45
	promoteAt                = 0.75
)

func (r *run) chaos(ctx context.Context) error {
	cfg := r.cfg
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, f := range r.kiosks {
		wg.Add(1)
		go func() { defer wg.Done(); f.loop(stop) }()
	}
	start := time.Now()
	at := func(frac float64) time.Time { return start.Add(time.Duration(frac * float64(cfg.Duration))) }
	backupAge := min(cfg.BackupAge, time.Duration((restoreAt-0.05)*float64(cfg.Duration)))
	if backupAge <= 0 {
		backupAge = time.Duration(0.2 * float64(cfg.Duration))
	}
	r.res.BackupAge = backupAge
	backupAt := at(restoreAt).Add(-backupAge)
	backupFile := filepath.Join(cfg.Dir, "backup.db")
	var (
		backedUp, restored, promoted bool
		nextHubKill                  = start.Add(r.jitter(cfg.Duration / 8))
		nextKioskKill                = start.Add(r.jitter(cfg.Duration / 12))
		nextCut                      = start.Add(r.jitter(2 * time.Second))
		offline                      = r.proxies[len(r.proxies)-1]
	)
	end := at(1)
	var err error
	for time.Now().Before(end) && err == nil {
		if ctx.Err() != nil {
			err = ctx.Err()
			break
		}
		now := time.Now()
		frac := float64(now.Sub(start)) / float64(cfg.Duration)
		wantOffline := frac >= offline1From && frac < offline1To || frac >= offline2From && frac < offline2To
		switch {
		case wantOffline && !offline.Offline():
			offline.Close()
			r.res.OfflineStretches++
			r.log.Info("kiosk offline", "kiosk", r.kiosks[len(r.kiosks)-1].k.name)
		case !wantOffline && offline.Offline():
			err = offline.Open()
			r.log.Info("kiosk back online", "kiosk", r.kiosks[len(r.kiosks)-1].k.name)
		}
		switch {
		case !backedUp && now.After(backupAt):
			backedUp = true
			_, err = hubCLI(ctx, cfg.Bin.Hub, "", "backup", "-data", r.hub.dir, "-out", backupFile)
			r.log.Info("hub backed up", "file", backupFile, "err", err)
		case !restored && backedUp && now.After(at(restoreAt)):
			restored = true
			err = r.restore(ctx, backupFile)
		case cfg.Standby && !promoted && restored && now.After(at(promoteAt)):
			promoted = true
			err = r.promote(ctx)
		case now.After(nextHubKill):
			nextHubKill = now.Add(r.jitter(cfg.Duration / 8))
			err = r.killHub(ctx)
		case now.After(nextKioskKill):
			nextKioskKill = now.Add(r.jitter(cfg.Duration / 12))
			r.kiosks[r.rnd.IntN(len(r.kiosks))].killReq.Store(true)
		case now.After(nextCut):
			nextCut = now.Add(r.jitter(2 * time.Second))
			r.cut()
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err == nil && offline.Offline() {
		err = offline.Open()
	}
	close(stop)
	wg.Wait()
	for _, f := range r.kiosks {
		r.res.KioskKills += int(f.kills.Load())
		if f.err != nil && err == nil {
			err = f.err
		}
	}
	return err
}

// jitter is d give or take half.
func (r *run) jitter(d time.Duration) time.Duration {
	return d/2 + time.Duration(r.rnd.Int64N(int64(d)+1))
}

// cut cuts some or all connections of one cable, or of every cable.
func (r *run) cut() {
	all := append([]*Proxy(nil), r.proxies...)
	if r.sbProxy != nil {
		all = append(all, r.sbProxy)
	}
	switch n := r.rnd.IntN(10); {
	case n == 0: // the venue's switch reboots
		for _, p := range all {
			p.CutAll()
		}
	case n < 4:
		all[r.rnd.IntN(len(all))].CutAll()
	default:
		for _, p := range all {
			p.CutSome()
		}
	}
}

// killHub kills the serving hub with SIGKILL and restarts it on the same
// folder after a short while.
func (r *run) killHub(ctx context.Context) error {
	r.hub.proc.kill()
	r.res.HubKills++
	time.Sleep(time.Duration(300+r.rnd.IntN(2700)) * time.Millisecond)
	r.log.Info("hub killed and restarted", "data", r.hub.dir)
	return r.hub.start(ctx, "serve", r.serveArgs()...)
}

func (r *run) serveArgs() []string {
	if r.promoted {
		return []string{"-public-addr", r.sbProxy.Addr()}
	}
	return nil
}

// restore: the hub's disk is lost; a new hub folder is made from the
// backup and served on the same address.
func (r *run) restore(ctx context.Context, backup string) error {
	r.hub.proc.kill()
	dir := filepath.Join(r.cfg.Dir, "hub-restored")
	if _, err := hubCLI(ctx, r.cfg.Bin.Hub, "", "restore", "-data", dir, backup); err != nil {
		return err
	}
	r.hub.dir = dir
	r.res.Restores++
	r.log.Info("hub restored from the backup", "data", dir, "backup_age", r.res.BackupAge)
	return r.hub.start(ctx, "serve", r.serveArgs()...)
}

// promote: the hub's laptop dies for good; the standby takes over on its
// own address, which kiosks learned from the hub.
func (r *run) promote(ctx context.Context) error {
	r.hub.proc.kill()
	dir := filepath.Join(r.cfg.Dir, "standby")
	if _, err := hubCLI(ctx, r.cfg.Bin.Hub, "", "promote", "-data", dir); err != nil {
		return err
	}
	r.hub = &hubServer{bin: r.cfg.Bin.Hub, dir: dir, addr: r.sbAddr, log: r.logFile("standby"), proc: r.sbProc}
	r.sbProc, r.promoted = nil, true
	r.res.Promotions++
	r.log.Info("standby promoted", "addr", r.sbAddr)
	return waitHealthy(ctx, r.sbAddr, r.hub.proc, 30*time.Second)
}
