package app

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestOpenCamera runs on a machine without a webcam, as CI does.
func TestOpenCamera(t *testing.T) {
	tests := []struct {
		spec    string
		open    bool   // a source is returned
		errText string // in the error, "" for none
		logText string
	}{
		{"off", false, "", ""},
		{"auto", false, "", "no camera: badges are read with the scanner"},
		{"/dev/video-not-plugged-yet", true, "", "searching"},
		{"/dev/null", false, "not a video capture device", ""},
		{"dir:/nonexistent-folder", false, "camera folder", ""},
	}
	if len(videoNodesForTest()) > 0 {
		t.Skip("this machine has a camera")
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			var logs bytes.Buffer
			c, err := openCamera(tt.spec, slog.New(slog.NewTextHandler(&logs, nil)))
			defer c.close()
			if tt.errText == "" && err != nil || tt.errText != "" && (err == nil || !strings.Contains(err.Error(), tt.errText)) {
				t.Fatalf("error %v, want %q", err, tt.errText)
			}
			if (c != nil) != tt.open {
				t.Fatalf("source %v, want one: %v", c, tt.open)
			}
			if tt.open {
				c.close() // the searching state is reported before Close returns
			}
			if !strings.Contains(logs.String(), tt.logText) {
				t.Errorf("log %q, want %q", logs.String(), tt.logText)
			}
			if err != nil && strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error on several lines: %q", err)
			}
		})
	}
}

func videoNodesForTest() []string {
	nodes, _ := filepath.Glob("/dev/video*")
	return nodes
}

// At start, an explicit -camera wins; else the camera staff chose in the
// settings; else auto.
func TestStartCamera(t *testing.T) {
	tests := []struct {
		name      string
		flagGiven bool
		flag      string
		stored    string
		want      string
		fromStore bool
	}{
		{"nothing", false, "auto", "", "auto", false},
		{"stored choice", false, "auto", "dir:/srv/demo", "dir:/srv/demo", true},
		{"stored off", false, "auto", "off", "off", true},
		{"flag over stored", true, "/dev/video2", "off", "/dev/video2", false},
		{"explicit auto over stored", true, "auto", "dir:/srv/demo", "auto", false},
		{"flag, nothing stored", true, "off", "", "off", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fromStore := startCamera(tt.flagGiven, tt.flag, tt.stored)
			if got != tt.want || fromStore != tt.fromStore {
				t.Errorf("startCamera = %q, %v, want %q, %v", got, fromStore, tt.want, tt.fromStore)
			}
		})
	}
}

// A stored choice gone stale does not stop the kiosk: it falls back to
// auto, saying so in one line; the same value given as a flag is an error.
func TestOpenStartCamera(t *testing.T) {
	if len(videoNodesForTest()) > 0 {
		t.Skip("this machine has a camera")
	}
	frames := frameFolder(t, color.RGBA{R: 200, A: 255})
	tests := []struct {
		spec      string
		fromStore bool
		want      string // the spec in use, "" for an error
		open      bool
		warned    bool
	}{
		{"dir:" + frames, true, "dir:" + frames, true, false},
		{"off", true, "off", false, false},
		{"/dev/video-unplugged", true, "auto", false, true},
		{"dir:/nonexistent-folder", true, "auto", false, true},
		{"webcam", true, "auto", false, true},
		{"dir:/nonexistent-folder", false, "", false, false},
		{"/dev/video-unplugged", false, "/dev/video-unplugged", true, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s stored %v", tt.spec, tt.fromStore), func(t *testing.T) {
			var logs bytes.Buffer
			c, got, err := openStartCamera(tt.spec, tt.fromStore, slog.New(slog.NewTextHandler(&logs, nil)))
			defer c.close()
			if tt.want == "" {
				if err == nil {
					t.Fatalf("no error for %q", tt.spec)
				}
				return
			}
			if err != nil || got != tt.want || (c != nil) != tt.open {
				t.Fatalf("openStartCamera = %v, %q, %v; want %q, open %v", c, got, err, tt.want, tt.open)
			}
			c.close() // a searching webcam logs from its goroutine until then
			if n := strings.Count(logs.String(), "unusable"); n != map[bool]int{true: 1}[tt.warned] {
				t.Errorf("%d warnings, want %v: %s", n, tt.warned, logs.String())
			}
		})
	}
}

// frameFolder is a folder holding one camera frame of colour c.
func frameFolder(t *testing.T, c color.RGBA) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = []uint8{c.R, c.G, c.B, c.A}[i%4]
	}
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "frame.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return dir
}

// frameLog records the frames cameras sends, by their colour.
type frameLog struct {
	mu   sync.Mutex
	reds int
	blue int
}

func (l *frameLog) add(img image.Image) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r, _, _, _ := img.At(0, 0).RGBA(); r > 0 {
		l.reds++
	} else {
		l.blue++
	}
}

func (l *frameLog) counts() (int, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reds, l.blue
}

// Switching cameras stops the old one before the window is rebuilt (no
// frame of it comes after), then feeds the new one; a camera that cannot
// be opened leaves the old one running.
func TestCamerasSwitch(t *testing.T) {
	test.NewTempApp(t)
	red, blue := "dir:"+frameFolder(t, color.RGBA{R: 200, A: 255}), "dir:"+frameFolder(t, color.RGBA{B: 200, A: 255})
	var frames frameLog
	cs := &cameras{log: slog.New(slog.DiscardHandler), frame: frames.add, payload: func(string) {}}
	defer cs.stop()
	c, err := openCamera(red, cs.log)
	if err != nil {
		t.Fatal(err)
	}
	cs.run(c, red)
	waitFor(t, "red frames", func() bool { r, _ := frames.counts(); return r > 0 })

	steps := []struct {
		spec    string
		want    string // the spec in use after the switch
		wantErr bool
		colour  string // of the frames coming after, "" for none
	}{
		{"off", "off", false, ""},
		{blue, blue, false, "blue"},
		{"dir:/nonexistent-folder", blue, true, "blue"},
		{red, red, false, "red"},
	}
	for _, s := range steps {
		t.Run(s.spec, func(t *testing.T) {
			rebuilt := 0
			err := cs.switchTo(s.spec, func() {
				rebuilt++
				frames.mu.Lock()
				frames.reds, frames.blue = 0, 0
				frames.mu.Unlock()
			})
			if (err != nil) != s.wantErr {
				t.Fatalf("switchTo: %v", err)
			}
			if rebuilt != 1 {
				t.Errorf("window rebuilt %d times", rebuilt)
			}
			cam, spec := cs.current()
			if spec != s.want || (cam != nil) != (s.want != "off") {
				t.Errorf("current camera %v %q, want %q", cam, spec, s.want)
			}
			if s.colour != "" {
				waitFor(t, s.colour+" frames", func() bool { r, b := frames.counts(); return r+b > 0 })
			} else {
				time.Sleep(200 * time.Millisecond)
			}
			// From the rebuild on, only the new camera's frames.
			r, b := frames.counts()
			if want := map[string][2]bool{"": {false, false}, "red": {true, false}, "blue": {false, true}}[s.colour]; (r > 0) != want[0] || (b > 0) != want[1] {
				t.Errorf("%d red and %d blue frames, want %s ones", r, b, s.colour)
			}
		})
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
