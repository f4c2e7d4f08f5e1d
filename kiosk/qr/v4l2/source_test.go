package v4l2

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeHost stands in for the kernel: nodes come and go as a test says,
// and an open device fails once its node is unplugged.
type fakeHost struct {
	mu    sync.Mutex
	nodes map[string]*fakeNode
}

type fakeNode struct {
	capture bool
	mode    Mode
	stalled bool // streams no frame
	n       byte // frames sent, stamped into each frame's first byte
}

func newFakeHost() *fakeHost { return &fakeHost{nodes: map[string]*fakeNode{}} }

var testMode = Mode{Format: YUYV, Width: 8, Height: 4}

func (h *fakeHost) plug(path string, capture bool) *fakeNode {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := &fakeNode{capture: capture, mode: testMode}
	h.nodes[path] = n
	return n
}

func (h *fakeHost) unplug(path string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.nodes, path)
}

func (h *fakeHost) setStalled(path string, stalled bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nodes[path].stalled = stalled
}

func (h *fakeHost) system() system {
	return system{
		open: func(path string) (device, error) {
			h.mu.Lock()
			defer h.mu.Unlock()
			n, ok := h.nodes[path]
			switch {
			case !ok:
				return nil, fmt.Errorf("open %s: %w", path, fs.ErrNotExist)
			case !n.capture:
				return nil, fmt.Errorf("%s: %w", path, ErrNotCapture)
			}
			return &fakeDevice{h: h, path: path, node: n}, nil
		},
		list: func() []string {
			h.mu.Lock()
			defer h.mu.Unlock()
			var out []string
			for p := range h.nodes {
				out = append(out, p)
			}
			slices.Sort(out)
			return out
		},
		capture: func(path string) bool {
			h.mu.Lock()
			defer h.mu.Unlock()
			n, ok := h.nodes[path]
			return ok && n.capture
		},
		none: ErrNoCamera,
	}
}

type fakeDevice struct {
	h    *fakeHost
	path string
	node *fakeNode
}

func (d *fakeDevice) Mode() Mode { return d.node.mode }

func (d *fakeDevice) Read(wait time.Duration, dst []byte) ([]byte, error) {
	d.h.mu.Lock()
	gone := d.h.nodes[d.path] != d.node
	stalled := d.node.stalled
	d.node.n++
	n := d.node.n
	d.h.mu.Unlock()
	switch {
	case gone:
		return dst, errors.New("read frame: no such device")
	case stalled:
		time.Sleep(wait)
		return dst, errNoFrame
	}
	time.Sleep(time.Millisecond)
	dst = append(dst[:0], make([]byte, 2*testMode.Width*testMode.Height)...)
	dst[0] = n
	return dst, nil
}

func (d *fakeDevice) Close() error { return nil }

// statuses records what a source reports.
type statuses struct {
	mu  sync.Mutex
	got []string
	ch  chan State
}

func newStatuses() *statuses { return &statuses{ch: make(chan State, 100)} }

func (s *statuses) report(st State, detail string) {
	s.mu.Lock()
	s.got = append(s.got, st.String()+": "+detail)
	s.mu.Unlock()
	s.ch <- st
}

// wait waits for state to be reported, skipping others.
func (s *statuses) wait(t *testing.T, want State) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case st := <-s.ch:
			if st == want {
				return
			}
		case <-timeout:
			s.mu.Lock()
			defer s.mu.Unlock()
			t.Fatalf("no %v state; reported: %q", want, s.got)
		}
	}
}

var fast = timing{retry: 10 * time.Millisecond, wait: 5 * time.Millisecond, stall: 100 * time.Millisecond}

func open(t *testing.T, h *fakeHost, path string) (*Source, *statuses, error) {
	t.Helper()
	st := newStatuses()
	src, err := openWith(path, Config{Status: st.report}, h.system(), fast)
	if err == nil {
		t.Cleanup(func() { src.Close() })
	}
	return src, st, err
}

// nextFrame reads a frame within a second.
func nextFrame(t *testing.T, src *Source) image.Image {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	img, err := src.Next(ctx)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return img
}

func TestOpen(t *testing.T) {
	tests := []struct {
		name    string
		nodes   map[string]bool // path: a capture device
		path    string
		wantErr error
		want    State
	}{
		{"auto, no camera", nil, Auto, ErrNoCamera, 0},
		{"auto, only a metadata node", map[string]bool{"/dev/video1": false}, Auto, ErrNoCamera, 0},
		{"auto skips a metadata node", map[string]bool{"/dev/video0": false, "/dev/video1": true}, Auto, nil, Running},
		{"a camera by path", map[string]bool{"/dev/video0": true}, "/dev/video0", nil, Running},
		{"a path not plugged in yet", nil, "/dev/video9", nil, Searching},
		{"a path that is no capture device", map[string]bool{"/dev/video1": false}, "/dev/video1", ErrNotCapture, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newFakeHost()
			for p, capture := range tt.nodes {
				h.plug(p, capture)
			}
			src, st, err := open(t, h, tt.path)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open: %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			st.wait(t, tt.want)
			if tt.want == Running {
				if img := nextFrame(t, src); img.Bounds() != image.Rect(0, 0, testMode.Width, testMode.Height) {
					t.Errorf("frame %v", img.Bounds())
				}
			}
		})
	}
}

// TestRecovery unplugs the camera and plugs it back: the source says so,
// Next waits meanwhile, and frames come again.
// Staff choose among the capture nodes; a metadata node is no choice,
// and the camera in use stays one.
func TestDevices(t *testing.T) {
	tests := []struct {
		name  string
		nodes map[string]bool // path: a capture device
		inUse string          // streamed from while listing
		want  []string
	}{
		{"no camera", nil, "", nil},
		{"only a metadata node", map[string]bool{"/dev/video1": false}, "", nil},
		{"a webcam and its metadata node", map[string]bool{"/dev/video0": true, "/dev/video1": false}, "", []string{"/dev/video0"}},
		{"two webcams", map[string]bool{"/dev/video0": true, "/dev/video1": false, "/dev/video2": true}, "",
			[]string{"/dev/video0", "/dev/video2"}},
		{"the camera in use", map[string]bool{"/dev/video0": true}, "/dev/video0", []string{"/dev/video0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newFakeHost()
			for p, capture := range tt.nodes {
				h.plug(p, capture)
			}
			if tt.inUse != "" {
				src, st, err := open(t, h, tt.inUse)
				if err != nil {
					t.Fatal(err)
				}
				st.wait(t, Running)
				nextFrame(t, src)
			}
			if got := h.system().devices(); !slices.Equal(got, tt.want) {
				t.Errorf("devices %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRecovery(t *testing.T) {
	for _, path := range []string{"/dev/video0", Auto} {
		t.Run(path, func(t *testing.T) {
			h := newFakeHost()
			h.plug("/dev/video0", true)
			src, st, err := open(t, h, path)
			if err != nil {
				t.Fatal(err)
			}
			st.wait(t, Running)
			nextFrame(t, src)

			h.unplug("/dev/video0")
			st.wait(t, Lost)
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			if img, err := src.Next(ctx); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Next while unplugged: %v, %v; want to wait", img, err)
			}
			cancel()

			// Plugged back, for auto under another name and beside a
			// metadata node.
			back := "/dev/video0"
			if path == Auto {
				h.plug("/dev/video2", false)
				back = "/dev/video3"
			}
			h.plug(back, true)
			st.wait(t, Running)
			nextFrame(t, src)
			st.mu.Lock()
			defer st.mu.Unlock()
			if !strings.Contains(st.got[len(st.got)-1], back) {
				t.Errorf("last status %q does not name %s", st.got[len(st.got)-1], back)
			}
		})
	}
}

func TestLateCamera(t *testing.T) {
	h := newFakeHost()
	src, st, err := open(t, h, "/dev/video4")
	if err != nil {
		t.Fatal(err)
	}
	st.wait(t, Searching)
	h.plug("/dev/video4", true)
	st.wait(t, Running)
	nextFrame(t, src)
}

func TestStalledCameraIsLost(t *testing.T) {
	h := newFakeHost()
	h.plug("/dev/video0", true)
	src, st, err := open(t, h, "/dev/video0")
	if err != nil {
		t.Fatal(err)
	}
	st.wait(t, Running)
	nextFrame(t, src)
	h.setStalled("/dev/video0", true)
	st.wait(t, Lost)
	h.plug("/dev/video0", true) // a fresh node, streaming
	st.wait(t, Running)
	nextFrame(t, src)
}

func TestCloseEndsNext(t *testing.T) {
	h := newFakeHost()
	src, _, err := open(t, h, "/dev/video0") // searching: Next waits
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := src.Next(context.Background())
		errc <- err
	}()
	time.Sleep(20 * time.Millisecond)
	src.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("Next after Close: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Next still waits after Close")
	}
}

// TestNewestFrame: a slow reader gets the newest frame, not a backlog.
func TestNewestFrame(t *testing.T) {
	h := newFakeHost()
	h.plug("/dev/video0", true)
	src, st, err := open(t, h, "/dev/video0")
	if err != nil {
		t.Fatal(err)
	}
	st.wait(t, Running)
	first := nextFrame(t, src).(*image.YCbCr).Y[0]
	time.Sleep(30 * time.Millisecond) // about 25 frames go by
	second := nextFrame(t, src).(*image.YCbCr).Y[0]
	if d := second - first; d < 5 {
		t.Errorf("frame %d after frame %d: stale frames were kept", second, first)
	}
}
