package chaos

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/standby"
)

// Config is one chaos run.
type Config struct {
	Bin Binaries
	// Dir is the work folder: hubs, kiosks, backups and every process's
	// log (Dir/logs). It is created when missing.
	Dir string
	// Duration is how long the chaos lasts, set-up and drain apart.
	Duration time.Duration
	// Kiosks is the number of headless kiosks (at least 2: the last is
	// offline for long stretches, the one before has a wrong clock).
	Kiosks int
	// Rate is each kiosk's scans per second.
	Rate float64
	// BackupAge is how old the backup the hub is restored from is; it is
	// shortened to fit Duration (Result.BackupAge says by how much).
	BackupAge time.Duration
	// ClockOffset is how far off the clock of one kiosk is.
	ClockOffset time.Duration
	// Drain is the kiosks' -drain at the end.
	Drain time.Duration
	// Standby runs `hub standby` and promotes it late in the run.
	Standby bool
	Seed    uint64
	Log     *slog.Logger
}

// Result is what a run did and what it found.
type Result struct {
	Duration                   time.Duration
	HubKills, KioskKills, Cuts int
	OfflineStretches           int
	Restores, Promotions       int
	BackupAge                  time.Duration
	ClockOffset                time.Duration
	Standby                    bool
	Pending                    int // kiosks that exited 3: scans still queued
	Crashes, ScanErrors        int
	Check
}

// OK reports whether nothing was lost, doubled or miscounted.
func (r Result) OK() bool {
	return r.Check.OK() && r.Pending == 0 && r.Crashes == 0 && r.ScanErrors == 0 && r.Scans > 0
}

// Summary is the run's one line.
func (r Result) Summary() string {
	counts := "ok"
	if len(r.CountsDiff) > 0 {
		counts = "DIFF(" + strings.Join(r.CountsDiff, "; ") + ")"
	}
	promotions := fmt.Sprint(r.Promotions)
	if !r.Standby {
		promotions = "skipped"
	}
	s := fmt.Sprintf("chaos: %s scans=%d admitted=%d kills=%d (hub %d, kiosks %d) cuts=%d offline=%d clock=%+v restores=%d (backup %s old) promotions=%s lost=%d doubled=%d",
		r.Duration, r.Scans, r.Admitted, r.HubKills+r.KioskKills, r.HubKills, r.KioskKills, r.Cuts, r.OfflineStretches,
		r.ClockOffset, r.Restores, r.BackupAge.Round(time.Second), promotions, r.Lost, r.Doubled)
	if r.Extra > 0 || r.Mismatched > 0 {
		s += fmt.Sprintf(" extra=%d mismatched=%d", r.Extra, r.Mismatched)
	}
	if r.Pending > 0 || r.Crashes > 0 || r.ScanErrors > 0 {
		s += fmt.Sprintf(" pending_kiosks=%d crashes=%d scan_errors=%d", r.Pending, r.Crashes, r.ScanErrors)
	}
	return s + " counts=" + counts
}

func (c *Config) defaults() {
	if c.Duration <= 0 {
		c.Duration = 2 * time.Minute
	}
	if c.Kiosks < 2 {
		c.Kiosks = 6
	}
	if c.Rate <= 0 {
		c.Rate = 4
	}
	if c.Drain <= 0 {
		c.Drain = 90 * time.Second
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// run is the state of one chaos run.
type run struct {
	cfg      Config
	rnd      *rand.Rand
	log      *slog.Logger
	logs     string
	hub      *hubServer
	proxies  []*Proxy
	sbProxy  *Proxy
	sbProc   *process
	sbAddr   string
	kiosks   []*feeder
	res      Result
	promoted bool
}

// feeder scans on one kiosk at a steady rate and restarts it when the
// chaos kills it (between two scans only).
type feeder struct {
	k      *headlessKiosk
	rate   float64
	rnd    *rand.Rand
	badges *badges
	drain  time.Duration
	log    *slog.Logger
	// claim, if set, is asked before each scan; false ends the loop.
	claim   func() bool
	killReq atomic.Bool
	kills   atomic.Int64
	mu      sync.Mutex
	lines   []headless.Line
	crashes int
	errs    int
	err     error
}

// Run runs the chaos and checks the hub against the kiosks' lines. An
// error means the run could not be carried out; a run that finds scans
// lost or counts wrong returns a Result whose OK is false.
func Run(ctx context.Context, cfg Config) (Result, error) {
	cfg.defaults()
	if err := cfg.Bin.check(); err != nil {
		return Result{}, err
	}
	r := &run{cfg: cfg, rnd: rand.New(rand.NewPCG(cfg.Seed, 1)), log: cfg.Log, logs: filepath.Join(cfg.Dir, "logs")}
	r.res.ClockOffset, r.res.Standby = cfg.ClockOffset, cfg.Standby
	if err := os.MkdirAll(r.logs, 0o755); err != nil {
		return Result{}, fmt.Errorf("chaos: %w", err)
	}
	defer r.cleanup()
	if err := r.setUp(ctx); err != nil {
		return Result{}, err
	}
	start := time.Now()
	if err := r.chaos(ctx); err != nil {
		return Result{}, err
	}
	r.res.Duration = time.Since(start).Round(time.Second)
	if err := r.finish(ctx); err != nil {
		return Result{}, err
	}
	return r.res, nil
}

func (r *run) logFile(name string) io.Writer {
	f, err := os.OpenFile(filepath.Join(r.logs, name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return io.Discard
	}
	return f // closed with the process's end of life: the run is short
}

func (r *run) setUp(ctx context.Context) error {
	cfg := r.cfg
	hubAddr, err := freeAddr()
	if err != nil {
		return err
	}
	r.hub = &hubServer{bin: cfg.Bin.Hub, dir: filepath.Join(cfg.Dir, "hub"), addr: hubAddr, log: r.logFile("hub")}
	if err := r.hub.start(ctx, "demo"); err != nil {
		return fmt.Errorf("chaos: demo hub: %w", err)
	}
	r.log.Info("hub serving the demo event", "addr", hubAddr, "data", r.hub.dir)
	if cfg.Standby {
		if err := r.startStandby(ctx); err != nil {
			return err
		}
	}
	b, err := demoBadges()
	if err != nil {
		return err
	}
	for i := range cfg.Kiosks {
		name := fmt.Sprintf("door-%d", i+1)
		p, err := NewProxy(hubAddr, cfg.Seed+uint64(i)+10)
		if err != nil {
			return err
		}
		r.proxies = append(r.proxies, p)
		out, err := hubCLI(ctx, cfg.Bin.Hub, "", "kiosk", "add", "-data", r.hub.dir, name)
		if err != nil {
			return err
		}
		code, err := enroll.Parse(strings.TrimSpace(out))
		if err != nil {
			return fmt.Errorf("chaos: code of %s: %w", name, err)
		}
		code.Hub = p.Addr() // each kiosk reaches the hub through its own cable
		k := &headlessKiosk{name: name, bin: cfg.Bin.Kiosk, dir: filepath.Join(cfg.Dir, name), log: r.logFile(name)}
		if i == cfg.Kiosks-2 && cfg.ClockOffset != 0 {
			k.env = []string{"ACCUEIL_CLOCK_OFFSET=" + cfg.ClockOffset.String()}
		}
		if err := k.enroll(ctx, code.String()); err != nil {
			return err
		}
		if err := k.start("-drain", cfg.Drain.String()); err != nil {
			return err
		}
		r.kiosks = append(r.kiosks, &feeder{k: k, rate: cfg.Rate, rnd: rand.New(rand.NewPCG(cfg.Seed, uint64(i)+100)),
			badges: b, drain: cfg.Drain, log: r.log})
	}
	return nil
}

// startStandby enrolls and starts `hub standby`, announced to kiosks
// through a proxy of its own, and waits for its first copy.
func (r *run) startStandby(ctx context.Context) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	r.sbAddr = addr
	if r.sbProxy, err = NewProxy(addr, r.cfg.Seed+7); err != nil {
		return err
	}
	out, err := hubCLI(ctx, r.cfg.Bin.Hub, "", "kiosk", "add", "-data", r.hub.dir, "standby-1", "-role", "standby")
	if err != nil {
		return err
	}
	dir := filepath.Join(r.cfg.Dir, "standby")
	cmd := execCommand(r.cfg.Bin.Hub, "standby", "-data", dir, "-primary", r.hub.addr, "-enroll", strings.TrimSpace(out),
		"-addr", addr, "-public-addr", r.sbProxy.Addr(), "-every", "2s")
	w := r.logFile("standby")
	cmd.Stdout, cmd.Stderr = w, w
	if r.sbProc, err = startProcess(cmd); err != nil {
		return err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, standby.CopyFile)); err == nil {
			r.log.Info("standby holds a copy", "addr", addr, "announced", r.sbProxy.Addr())
			return nil
		}
		if r.sbProc.exited() || time.Now().After(deadline) {
			return fmt.Errorf("chaos: the standby made no copy (see %s)", filepath.Join(r.logs, "standby.log"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// loop scans until stop is closed, killing and restarting the kiosk
// between two scans when asked.
func (f *feeder) loop(stop <-chan struct{}) {
	interval := time.Duration(float64(time.Second) / f.rate)
	next := time.Now()
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Until(next)):
		}
		next = next.Add(interval/2 + time.Duration(f.rnd.Int64N(int64(interval))))
		if time.Until(next) < -5*interval {
			next = time.Now() // a restart or a slow disk: do not burst to catch up
		}
		if f.claim != nil && !f.claim() {
			return
		}
		if f.killReq.Swap(false) {
			f.k.proc.kill()
			f.kills.Add(1)
			time.Sleep(time.Duration(200+f.rnd.IntN(1300)) * time.Millisecond)
			if err := f.k.start("-drain", f.drain.String()); err != nil {
				f.fail(err)
				return
			}
		}
		l, err := f.k.scan(f.badges.next(f.rnd), 90*time.Second)
		if err != nil {
			f.mu.Lock()
			f.crashes++
			f.mu.Unlock()
			f.log.Warn("kiosk failed during a scan: restarting it", "err", err)
			if !f.k.proc.exited() {
				f.k.proc.kill()
			}
			if err := f.k.start("-drain", f.drain.String()); err != nil {
				f.fail(err)
				return
			}
			continue
		}
		f.mu.Lock()
		if l.Verdict == "" {
			f.errs++
		}
		f.lines = append(f.lines, l)
		f.mu.Unlock()
	}
}

func (f *feeder) fail(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

// finish lets every kiosk drain, then compares the hub with the truth.
func (r *run) finish(ctx context.Context) error {
	var lines []headless.Line
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, f := range r.kiosks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, err := f.k.finish(r.cfg.Drain + 30*time.Second)
			mu.Lock()
			defer mu.Unlock()
			if err != nil || code != 0 {
				r.res.Pending++
				r.log.Warn("kiosk did not drain", "kiosk", f.k.name, "exit", code, "err", err)
			}
			lines = append(lines, f.lines...)
			r.res.Crashes += f.crashes
			r.res.ScanErrors += f.errs
		}()
	}
	wg.Wait()
	tok, err := hubCLI(ctx, r.cfg.Bin.Hub, "", "token", "-data", r.hub.dir)
	if err != nil {
		return err
	}
	counts, err := fetchCounts(ctx, r.hub.addr, strings.TrimSpace(tok))
	if err != nil {
		return err
	}
	r.hub.proc.stop(15 * time.Second)
	export := filepath.Join(r.cfg.Dir, "scans.csv")
	if _, err := hubCLI(ctx, r.cfg.Bin.Hub, "", "export", "-data", r.hub.dir, "-out", export); err != nil {
		return err
	}
	scans, err := readExport(export)
	if err != nil {
		return err
	}
	r.res.Check = compare(lines, scans, counts, map[string]bool{kiosk.EntranceID: true})
	for _, p := range append(r.proxies, r.sbProxy) {
		if p != nil {
			r.res.Cuts += p.Cuts()
		}
	}
	return nil
}

// cleanup ends whatever still runs after an error.
func (r *run) cleanup() {
	for _, f := range r.kiosks {
		if f.k.proc != nil && !f.k.proc.exited() {
			f.k.proc.kill()
		}
	}
	if r.hub != nil && r.hub.proc != nil && !r.hub.proc.exited() {
		r.hub.proc.kill()
	}
	if r.sbProc != nil && !r.sbProc.exited() {
		r.sbProc.kill()
	}
	for _, p := range append(r.proxies, r.sbProxy) {
		if p != nil {
			p.Stop()
		}
	}
}
