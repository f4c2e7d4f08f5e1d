package hubcmd

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"sync"
	"syscall"
)

// cpuProfile records the serving hub's processor profile into a file, for
// speed work (-cpuprofile, a developer's flag that no script relies on).
// SIGUSR1 closes the profile so far as FILE.1, FILE.2 and so on, and
// starts the next: a load test cuts its phases apart that way. What runs
// after the last signal goes into FILE itself when the hub stops.
type cpuProfile struct {
	path string
	log  *slog.Logger

	mu    sync.Mutex
	file  *os.File
	parts int
	sig   chan os.Signal
	done  chan struct{}
}

// startCPUProfile starts profiling into path; "" profiles nothing.
func startCPUProfile(path string, log *slog.Logger) (*cpuProfile, error) {
	if path == "" {
		return nil, nil
	}
	p := &cpuProfile{path: path, log: log, sig: make(chan os.Signal, 1), done: make(chan struct{})}
	if err := p.begin(); err != nil {
		return nil, err
	}
	signal.Notify(p.sig, syscall.SIGUSR1)
	go p.cutOnSignal()
	return p, nil
}

func (p *cpuProfile) begin() error {
	f, err := os.Create(p.path)
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("cpu profile: %w", err)
	}
	p.file = f
	return nil
}

// end stops the profile and closes its file.
func (p *cpuProfile) end() error {
	pprof.StopCPUProfile()
	err := p.file.Close()
	p.file = nil
	return err
}

func (p *cpuProfile) cutOnSignal() {
	for {
		select {
		case <-p.done:
			return
		case <-p.sig:
		}
		p.mu.Lock()
		if p.file != nil {
			p.parts++
			part := fmt.Sprintf("%s.%d", p.path, p.parts)
			err := p.end()
			if err == nil {
				err = os.Rename(p.path, part)
			}
			if err == nil {
				err = p.begin()
			}
			if err != nil {
				p.log.Error("cut cpu profile", "err", err)
			} else {
				p.log.Info("cpu profile written", "file", part)
			}
		}
		p.mu.Unlock()
	}
}

// stop writes the last part of the profile.
func (p *cpuProfile) stop() {
	if p == nil {
		return
	}
	signal.Stop(p.sig)
	close(p.done)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.file == nil {
		return
	}
	if err := p.end(); err != nil {
		p.log.Error("write cpu profile", "err", err)
		return
	}
	p.log.Info("cpu profile written", "file", p.path)
}
