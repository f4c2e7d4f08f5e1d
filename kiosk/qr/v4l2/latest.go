package v4l2

import (
	"context"
	"errors"
	"io/fs"
	"sync"
)

// raw is one frame as the driver gave it, copied.
type raw struct {
	data []byte
	mode Mode
}

// latest hands frames from the reader goroutine to Next, newest first,
// through three buffers that trade places: the one being filled, the
// newest complete one, and the one the caller holds. A frame nobody took
// before the next one arrived is overwritten: the newest frame wins, and
// nothing is allocated once the buffers have grown to a frame's size.
type latest struct {
	mu     sync.Mutex
	ready  *raw
	fresh  bool          // ready holds a frame not yet taken
	signal chan struct{} // a frame was published
}

func newLatest() *latest {
	return &latest{ready: new(raw), signal: make(chan struct{}, 1)}
}

// publish makes b the newest frame and returns the buffer to fill next:
// the frame it replaces, taken or not.
func (l *latest) publish(b *raw) *raw {
	l.mu.Lock()
	l.ready, b = b, l.ready
	l.fresh = true
	l.mu.Unlock()
	select {
	case l.signal <- struct{}{}:
	default:
	}
	return b
}

// take waits for a frame newer than the last one taken and returns it;
// b, the caller's previous buffer, goes back into the rotation.
func (l *latest) take(ctx context.Context, b *raw, closed <-chan struct{}) (*raw, error) {
	for {
		l.mu.Lock()
		if l.fresh {
			l.ready, b = b, l.ready
			l.fresh = false
			l.mu.Unlock()
			return b, nil
		}
		l.mu.Unlock()
		select {
		case <-l.signal:
		case <-ctx.Done():
			return b, ctx.Err()
		case <-closed:
			if err := ctx.Err(); err != nil {
				return b, err // the caller stopped first: not an error for it
			}
			return b, ErrClosed
		}
	}
}

// drop forgets a frame not taken yet: after the camera is lost, its last
// frame is old news.
func (l *latest) drop() {
	l.mu.Lock()
	l.fresh = false
	l.mu.Unlock()
}

func isPermission(err error) bool { return errors.Is(err, fs.ErrPermission) }
