package sound

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ebitengine/oto/v3"
)

// Player plays cues on the audio device. Its methods are safe for concurrent
// use. A Player without a device (or disabled) does nothing.
type Player struct {
	log     *slog.Logger
	voice   voice
	enabled atomic.Bool
	out     atomic.Pointer[output] // set while the device is open and working

	mu        sync.Mutex
	attempted bool // the device has been (or is being) opened for this Player
	closed    bool

	lostOnce sync.Once
}

// output is an open device: the shared context and this Player's oto player.
type output struct {
	ctx    *oto.Context
	player *oto.Player
}

// New opens the audio device once and returns a Player. With no device (or
// with enabled false) it returns a Player that does nothing and logs once why;
// it never returns an error that would stop the kiosk. A nil log means
// slog.Default(). New waits for the device at most a couple of seconds; a
// device that opens later is used from then on.
//
// A Player created disabled does not touch the device at all until
// SetEnabled(true).
func New(log *slog.Logger, enabled bool) *Player {
	if log == nil {
		log = slog.Default()
	}
	p := &Player{log: log.With("component", "sound")}
	p.enabled.Store(enabled)
	if !enabled {
		p.log.Info("sound is off: disabled in the settings")
		return p
	}
	p.attempted = true
	p.open()
	return p
}

// open opens the shared device and attaches this Player to it, waiting at most
// readyTimeout for it; past that it goes on waiting in the background.
func (p *Player) open() {
	ctx, ready, err := openDevice()
	if err != nil {
		p.lost(nil, err)
		return
	}
	timer := time.NewTimer(readyTimeout)
	defer timer.Stop()
	select {
	case <-ready:
		p.attach(ctx)
	case <-timer.C:
		p.log.Warn("sound device is slow to open; silent until it is ready", "waited", readyTimeout)
		go func() {
			<-ready
			p.attach(ctx)
		}()
	}
}

// attach starts this Player's oto player on a ready context, or goes silent if
// the context failed.
func (p *Player) attach(ctx *oto.Context) {
	if err := ctx.Err(); err != nil {
		p.lost(nil, err)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	pl := ctx.NewPlayer(&p.voice)
	pl.SetBufferSize(playerBufferBytes)
	acquire(ctx)
	pl.Play()
	p.out.Store(&output{ctx: ctx, player: pl})
}

// lost makes the Player silent for lack of a working device, and logs why,
// once. o is the output that failed, if there was one.
func (p *Player) lost(o *output, err error) {
	if o != nil {
		if !p.out.CompareAndSwap(o, nil) {
			return
		}
		o.player.Pause()
		release(o.ctx)
	}
	p.lostOnce.Do(func() {
		p.log.Warn("sound is off: no usable audio device", "err", err)
	})
}

// Play plays c, cutting (with a 5 ms fade) whatever cue was playing. It never
// blocks: the sound is played asynchronously by the audio goroutine. It does
// nothing when the Player is disabled, closed or has no device, or when c is
// not a known cue.
func (p *Player) Play(c Cue) {
	if !c.valid() || !p.enabled.Load() {
		return
	}
	o := p.out.Load()
	if o == nil {
		return
	}
	if err := o.ctx.Err(); err != nil {
		p.lost(o, err)
		return
	}
	p.voice.trigger(c)
}

// SetEnabled turns sound on or off. Turning it off fades out what is playing.
// Turning on a Player that was created disabled opens the device then, in the
// background (it never blocks the caller); until it is open, Play is silent.
func (p *Player) SetEnabled(on bool) {
	p.enabled.Store(on)
	if !on {
		p.voice.stop()
		return
	}
	p.mu.Lock()
	start := !p.attempted && !p.closed
	p.attempted = true
	p.mu.Unlock()
	if start {
		go p.open()
	}
}

// Available reports whether the Player has a working audio device. It is
// false when the Player is silent for lack of a device, while the device is
// still opening, after Close, and for a Player created disabled that has not
// been enabled since (it has not looked for a device).
func (p *Player) Available() bool {
	o := p.out.Load()
	return o != nil && o.ctx.Err() == nil
}

// Close stops the sound and detaches the Player from the device; when no other
// Player uses it, the shared audio context is suspended. Play does nothing
// afterwards. Close is idempotent.
func (p *Player) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	p.enabled.Store(false)
	o := p.out.Swap(nil)
	if o == nil {
		return
	}
	o.player.Pause() // oto frees the player once it is unreachable
	release(o.ctx)
}
