package v4l2

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestLatestNewestWins(t *testing.T) {
	l := newLatest()
	never := make(chan struct{})
	w, r := new(raw), new(raw)
	for i := range 3 {
		w.data = append(w.data[:0], byte(i))
		w = l.publish(w)
	}
	r, err := l.take(context.Background(), r, never)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.data) != 1 || r.data[0] != 2 {
		t.Fatalf("took %v, want the newest frame [2]", r.data)
	}
	t.Run("a frame is taken once", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if _, err := l.take(ctx, r, never); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("take without a new frame: %v", err)
		}
	})
	t.Run("take waits for the next frame", func(t *testing.T) {
		go func() {
			time.Sleep(10 * time.Millisecond)
			w.data = append(w.data[:0], 7)
			l.publish(w)
		}()
		got, err := l.take(context.Background(), r, never)
		if err != nil || got.data[0] != 7 {
			t.Fatalf("took %v, %v", got.data, err)
		}
		r = got
	})
	t.Run("closed", func(t *testing.T) {
		closed := make(chan struct{})
		close(closed)
		if _, err := l.take(context.Background(), r, closed); !errors.Is(err, ErrClosed) {
			t.Fatalf("take after close: %v", err)
		}
	})
	t.Run("dropped", func(t *testing.T) {
		w := l.publish(&raw{data: []byte{9}})
		_ = w
		l.drop()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if got, err := l.take(ctx, r, never); err == nil {
			t.Fatalf("took a dropped frame %v", got.data)
		}
	})
}

// The three buffers trade places: once they have grown, a frame costs no
// allocation.
func TestLatestAllocatesNothing(t *testing.T) {
	l := newLatest()
	never := make(chan struct{})
	frame := make([]byte, 1280*720*2)
	w, r := new(raw), new(raw)
	ctx := context.Background()
	step := func() {
		w.data = append(w.data[:0], frame...)
		w = l.publish(w)
		r, _ = l.take(ctx, r, never)
	}
	for range 4 {
		step()
	}
	if n := testing.AllocsPerRun(50, step); n != 0 {
		t.Errorf("%v allocations per frame", n)
	}
}
