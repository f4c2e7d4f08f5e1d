package chaos

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
	_ "github.com/mattn/go-sqlite3" // the window kiosk's store, read beside it
)

// SoakConfig is one soak run: two event days compressed.
type SoakConfig struct {
	Bin Binaries
	// Dir is the work folder (hub, kiosks, logs).
	Dir string
	// Scans is how many scans to make in all, at Rate per second.
	Scans int
	Rate  float64
	// Kiosks is the number of headless kiosks.
	Kiosks int
	// Display is the X display of the window kiosk; empty runs none.
	Display string
	// WindowEvery is the time between two scans typed into the window.
	WindowEvery time.Duration
	// Every is the time between two samples of the resources.
	Every time.Duration
	Seed  uint64
	Log   *slog.Logger
}

// Limits are how much each resource may grow from the first quarter of a
// soak to its end before the run fails.
type Limits struct {
	// RSSSlack is the memory a process may gain beyond the growth of its
	// own database.
	RSSSlack int64
	// Goroutines is how many more goroutines the hub may run.
	Goroutines int64
	// Files is how many more files a process may hold open.
	Files int64
}

// DefaultLimits: the scans themselves live on disk; what a process keeps
// in memory is bounded by the roster, the checkpoints and its connections,
// none of which grows in a soak. So memory may grow by its database's
// growth (a cache that mirrors the data, at worst) plus 48 MiB: a Go heap
// grows to twice its live size before a collection (GOGC=100) and the
// runtime returns freed pages lazily, and each SQLite connection keeps a
// page cache of up to 2 MB. A fixed set of kiosks holds a fixed number of
// connections, so goroutines (20: a reconnection or a dashboard in flight)
// and open files (10: a WAL checkpoint, a backup, a reconnection) may not
// grow beyond a few in flight; anything more grows with the scans: a leak.
var DefaultLimits = Limits{RSSSlack: 48 << 20, Goroutines: 20, Files: 10}

// SoakResult is what a soak measured.
type SoakResult struct {
	Duration time.Duration
	Window   bool
	// WindowTyped and WindowStored are the badges typed into the window
	// and the scans its store holds.
	WindowTyped, WindowStored int
	// Growth is each resource's first-quarter and end values, by name
	// ("hub rss", "door-1 files", ...), in sampling order.
	Growth []Growth
	// Over names each resource that grew past Limits.
	Over []string
	Check
}

// Growth is one resource from the first quarter to the end.
type Growth struct {
	Name      string
	Kind      string // rss, files, goroutines, db
	Base, End int64
}

// OK reports whether the soak passed.
func (r SoakResult) OK() bool { return r.Check.OK() && len(r.Over) == 0 && r.Scans > 0 }

// Summary is the soak's one line.
func (r SoakResult) Summary() string {
	var b strings.Builder
	rate := float64(r.Scans) / r.Duration.Seconds()
	window := ""
	if r.Window {
		window = "+window"
	}
	fmt.Fprintf(&b, "soak: scans=%d in %s (%.1f/s, kiosks%s)", r.Scans, r.Duration.Round(time.Second), rate, window)
	b.WriteString(" growth from the first quarter to the end (worst process):")
	worst := map[string]Growth{} // per kind and process group: the largest growth
	var order []string
	for _, g := range r.Growth {
		key := group(g.Name) + " " + g.Kind
		if w, ok := worst[key]; !ok || g.End-g.Base > w.End-w.Base {
			if !ok {
				order = append(order, key)
			}
			worst[key] = g
		}
	}
	for _, k := range order {
		g := worst[k]
		switch g.Kind {
		case "rss":
			fmt.Fprintf(&b, " %s %.0f→%.0fMB", k, mb(g.Base), mb(g.End))
		case "db":
			fmt.Fprintf(&b, " %s %.1f→%.1fMB", k, mb(g.Base), mb(g.End))
		default:
			fmt.Fprintf(&b, " %s %d→%d", k, g.Base, g.End)
		}
	}
	if r.Window {
		fmt.Fprintf(&b, " window typed=%d stored=%d", r.WindowTyped, r.WindowStored)
	}
	fmt.Fprintf(&b, " lost=%d doubled=%d", r.Lost, r.Doubled)
	if r.Extra > 0 || r.Mismatched > 0 {
		fmt.Fprintf(&b, " extra=%d mismatched=%d", r.Extra, r.Mismatched)
	}
	if len(r.CountsDiff) > 0 {
		b.WriteString(" counts=DIFF")
	} else {
		b.WriteString(" counts=ok")
	}
	if len(r.Over) > 0 {
		b.WriteString(" growth=OVER(" + strings.Join(r.Over, "; ") + ")")
	} else {
		b.WriteString(" growth=ok")
	}
	return b.String()
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// group is "hub", "window" or "kiosks" (the headless kiosks together).
func group(name string) string {
	if name == "hub" || name == "window" {
		return name
	}
	return "kiosks"
}

// series are the samples of one resource.
type series struct {
	name, kind, proc string
	at               []time.Duration
	v                []int64
}

// growth compares the median of the first quarter's samples with the
// median of the last three.
func (s *series) growth(total time.Duration) Growth {
	var first []int64
	for i, at := range s.at {
		if at <= total/4 {
			first = append(first, s.v[i])
		}
	}
	if len(first) == 0 && len(s.v) > 0 {
		first = s.v[:1]
	}
	last := s.v[max(0, len(s.v)-3):]
	return Growth{Name: s.proc, Kind: s.kind, Base: median(first), End: median(last)}
}

func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// overLimits names the resources that grew past lim; memory is allowed
// the growth of the same process's database.
func overLimits(gs []Growth, lim Limits) []string {
	dbGrowth := map[string]int64{}
	for _, g := range gs {
		if g.Kind == "db" {
			dbGrowth[g.Name] = max(0, g.End-g.Base)
		}
	}
	var over []string
	for _, g := range gs {
		d := g.End - g.Base
		switch {
		case g.Kind == "rss" && d > lim.RSSSlack+dbGrowth[g.Name]:
			over = append(over, fmt.Sprintf("%s memory +%.0fMB, allowed %.0fMB", g.Name, mb(d), mb(lim.RSSSlack+dbGrowth[g.Name])))
		case g.Kind == "goroutines" && d > lim.Goroutines:
			over = append(over, fmt.Sprintf("%s goroutines +%d, allowed %d", g.Name, d, lim.Goroutines))
		case g.Kind == "files" && d > lim.Files:
			over = append(over, fmt.Sprintf("%s open files +%d, allowed %d", g.Name, d, lim.Files))
		}
	}
	return over
}

// watched is one process the soak samples.
type watched struct {
	name string
	dir  string
	pid  func() int
}

// Soak runs the scans through the hub and kiosks, sampling resources, and
// checks the growth and the hub's scans.
func Soak(ctx context.Context, cfg SoakConfig) (SoakResult, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Kiosks < 1 {
		cfg.Kiosks = 4
	}
	if cfg.Every <= 0 {
		cfg.Every = 5 * time.Second
	}
	if cfg.WindowEvery <= 0 {
		cfg.WindowEvery = 2 * time.Second
	}
	if err := cfg.Bin.check(); err != nil {
		return SoakResult{}, err
	}
	r := &run{cfg: Config{Bin: cfg.Bin, Dir: cfg.Dir, Drain: 2 * time.Minute, Seed: cfg.Seed}, log: cfg.Log,
		rnd: rand.New(rand.NewPCG(cfg.Seed, 2)), logs: filepath.Join(cfg.Dir, "logs")}
	if err := os.MkdirAll(r.logs, 0o755); err != nil {
		return SoakResult{}, fmt.Errorf("soak: %w", err)
	}
	defer r.cleanup()
	addr, err := freeAddr()
	if err != nil {
		return SoakResult{}, err
	}
	r.hub = &hubServer{bin: cfg.Bin.Hub, dir: filepath.Join(cfg.Dir, "hub"), addr: addr, log: r.logFile("hub")}
	if err := r.hub.start(ctx, "demo"); err != nil {
		return SoakResult{}, fmt.Errorf("soak: demo hub: %w", err)
	}
	if _, err := hubCLI(ctx, cfg.Bin.Hub, "2468\n", "pin", "set", "-data", r.hub.dir); err != nil {
		return SoakResult{}, err
	}
	b, err := demoBadges()
	if err != nil {
		return SoakResult{}, err
	}
	var claimed atomic.Int64
	claim := func() bool { return claimed.Add(1) <= int64(cfg.Scans) }
	headlessRate := cfg.Rate
	var win *windowKiosk
	if cfg.Display != "" {
		win = &windowKiosk{bin: cfg.Bin.Kiosk, dir: filepath.Join(cfg.Dir, "window"), display: cfg.Display, log: r.logFile("window"),
			logPath: filepath.Join(r.logs, "window.log")}
		if err := win.start(ctx, cfg.Bin.Hub, r.hub.dir); err != nil {
			return SoakResult{}, err
		}
		headlessRate -= float64(time.Second) / float64(cfg.WindowEvery)
		if headlessRate <= 0 {
			return SoakResult{}, fmt.Errorf("soak: -rate %.1f leaves nothing for the headless kiosks beside the window's", cfg.Rate)
		}
	}
	watch := []watched{{name: "hub", dir: r.hub.dir, pid: func() int { return r.hub.proc.Pid() }}}
	for i := range cfg.Kiosks {
		name := fmt.Sprintf("door-%d", i+1)
		out, err := hubCLI(ctx, cfg.Bin.Hub, "", "kiosk", "add", "-data", r.hub.dir, name)
		if err != nil {
			return SoakResult{}, err
		}
		k := &headlessKiosk{name: name, bin: cfg.Bin.Kiosk, dir: filepath.Join(cfg.Dir, name), log: r.logFile(name)}
		if err := k.enroll(ctx, strings.TrimSpace(out)); err != nil {
			return SoakResult{}, err
		}
		if err := k.start("-drain", "2m"); err != nil {
			return SoakResult{}, err
		}
		r.kiosks = append(r.kiosks, &feeder{k: k, rate: headlessRate / float64(cfg.Kiosks), badges: b, drain: 2 * time.Minute,
			rnd: rand.New(rand.NewPCG(cfg.Seed, uint64(i)+200)), log: r.log, claim: claim})
		watch = append(watch, watched{name: name, dir: k.dir, pid: func() int { return k.proc.Pid() }})
	}
	if win != nil {
		watch = append(watch, watched{name: "window", dir: win.dir, pid: func() int { return win.proc.Pid() }})
	}

	start := time.Now()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, f := range r.kiosks {
		wg.Add(1)
		go func() { defer wg.Done(); f.loop(stop) }()
	}
	if win != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			win.feed(ctx, stop, b, rand.New(rand.NewPCG(cfg.Seed, 300)), cfg.WindowEvery, claim)
		}()
	}
	feeding := make(chan struct{})
	go func() { wg.Wait(); close(feeding) }()
	all := map[string]*series{}
	var order []string
	sampleOnce := func() {
		at := time.Since(start)
		add := func(proc, kind string, v int64) {
			key := proc + " " + kind
			s, ok := all[key]
			if !ok {
				s = &series{name: key, kind: kind, proc: proc}
				all[key] = s
				order = append(order, key)
			}
			s.at, s.v = append(s.at, at), append(s.v, v)
		}
		for _, w := range watch {
			if rss, err := rssBytes(w.pid()); err == nil {
				add(w.name, "rss", rss)
			}
			if n, err := openFiles(w.pid()); err == nil {
				add(w.name, "files", n)
			}
			add(w.name, "db", dbBytes(w.dir))
		}
		if g, err := hubGoroutines(ctx, r.hub.addr); err == nil {
			add("hub", "goroutines", g)
		}
	}
	sampleOnce()
	tick := time.NewTicker(cfg.Every)
	func() {
		defer tick.Stop()
		for {
			select {
			case <-feeding:
				return
			case <-ctx.Done():
				close(stop)
				<-feeding
				return
			case <-tick.C:
				sampleOnce()
				cfg.Log.Info("soak", "scans", min(claimed.Load(), int64(cfg.Scans)), "elapsed", time.Since(start).Round(time.Second))
			}
		}
	}()
	sampleOnce()
	res := SoakResult{Duration: time.Since(start), Window: win != nil}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	for _, key := range order {
		res.Growth = append(res.Growth, all[key].growth(res.Duration))
	}
	res.Over = overLimits(res.Growth, DefaultLimits)

	// The check: every scan at the hub, exactly once.
	var lines []headless.Line
	for _, f := range r.kiosks {
		code, err := f.k.finish(3 * time.Minute)
		if err != nil || code != 0 {
			res.CountsDiff = append(res.CountsDiff, fmt.Sprintf("%s exited %d (%v)", f.k.name, code, err))
		}
		if f.err != nil {
			return res, f.err
		}
		lines = append(lines, f.lines...)
	}
	if win != nil {
		wl, err := win.finish(ctx, r.hub.addr)
		if err != nil {
			return res, err
		}
		lines = append(lines, wl...)
		res.WindowTyped, res.WindowStored = win.typed, len(wl)
	}
	tok, err := hubCLI(ctx, cfg.Bin.Hub, "", "token", "-data", r.hub.dir)
	if err != nil {
		return res, err
	}
	counts, err := fetchCounts(ctx, r.hub.addr, strings.TrimSpace(tok))
	if err != nil {
		return res, err
	}
	r.hub.proc.stop(15 * time.Second)
	export := filepath.Join(cfg.Dir, "scans.csv")
	if _, err := hubCLI(ctx, cfg.Bin.Hub, "", "export", "-data", r.hub.dir, "-out", export); err != nil {
		return res, err
	}
	scans, err := readExport(export)
	if err != nil {
		return res, err
	}
	diff := res.CountsDiff
	res.Check = compare(lines, scans, counts, map[string]bool{kiosk.EntranceID: true})
	res.CountsDiff = append(diff, res.CountsDiff...)
	return res, nil
}
