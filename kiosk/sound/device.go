package sound

import (
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"
)

// readyTimeout bounds how long New waits for the audio device to open. A
// device that is slower than that is still used once it is ready.
const readyTimeout = 2 * time.Second

// playerBufferBytes is oto's read-ahead for our voice: about 46 ms. With
// ALSA's own buffer it puts about 0.1 s between Play and sound, and leaves one
// ALSA period of slack against a late audio goroutine.
const playerBufferBytes = 4096

// device is the process's single oto context (oto supports one per process and
// cannot close it), shared by every Player.
var device struct {
	once  sync.Once
	ctx   *oto.Context
	ready chan struct{}
	err   error // from oto.NewContext itself

	mu    sync.Mutex
	users int // open Players attached to ctx; at 0 the context is suspended
}

// openDevice returns the shared context and its ready channel, creating them
// on first use. It is a variable so that tests can check that a disabled
// Player never gets here.
var openDevice = func() (*oto.Context, <-chan struct{}, error) {
	device.once.Do(func() {
		quietALSA(true)
		ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
			SampleRate:   SampleRate,
			ChannelCount: 1,
			Format:       oto.FormatSignedInt16LE,
		})
		if err != nil {
			quietALSA(false)
			device.err = err
			return
		}
		device.ctx, device.ready = ctx, ready
		go func() {
			<-ready
			quietALSA(false)
		}()
	})
	return device.ctx, device.ready, device.err
}

// acquire counts one more Player on the (ready) context, resuming it if it was
// suspended.
func acquire(ctx *oto.Context) {
	device.mu.Lock()
	defer device.mu.Unlock()
	device.users++
	if device.users == 1 {
		_ = ctx.Resume() // an error here shows in ctx.Err, checked by Play
	}
}

// release counts one Player fewer; the last one suspends the context, which
// stops the audio goroutine from feeding the device.
func release(ctx *oto.Context) {
	device.mu.Lock()
	defer device.mu.Unlock()
	device.users--
	if device.users == 0 {
		_ = ctx.Suspend()
	}
}
