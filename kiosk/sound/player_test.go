package sound

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ebitengine/oto/v3"
)

// childEnv marks a re-run of this test binary that checks New without a sound
// device: oto allows one audio context per process, so that case needs a
// process of its own.
const childEnv = "ACCUEIL_SOUND_TEST_CHILD"

// TestMain gives the whole test binary a silent but real ALSA sink: HOME is a
// temporary folder whose .asoundrc routes the default PCM to ALSA's null
// plugin. It must be set before the package's one oto context is created,
// since ALSA reads its configuration then; no test may create it earlier.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "" {
		home, err := os.MkdirTemp("", "sound-test-home-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte("pcm.!default { type null }\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Setenv("HOME", home)
		os.Unsetenv("ALSA_CONFIG_PATH")
		os.Unsetenv("XDG_CONFIG_HOME")
		code := m.Run()
		os.RemoveAll(home)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// logBuffer is a concurrency-safe log sink.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newLog() (*slog.Logger, *logBuffer) {
	var b logBuffer
	return slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), &b
}

// noDevice replaces openDevice for the test's duration.
func noDevice(t *testing.T, open func() (*oto.Context, <-chan struct{}, error)) {
	t.Helper()
	saved := openDevice
	openDevice = open
	t.Cleanup(func() { openDevice = saved })
}

func TestPlayerDisabledNeverTouchesDevice(t *testing.T) {
	noDevice(t, func() (*oto.Context, <-chan struct{}, error) {
		t.Error("a disabled Player opened the audio device")
		return nil, nil, errors.New("test: no device")
	})
	log, buf := newLog()
	p := New(log, false)
	for c := range Cue(numCues) {
		p.Play(c)
	}
	if p.Available() {
		t.Error("Available() = true for a disabled Player")
	}
	if n := p.voice.pending.Load(); n != 0 {
		t.Errorf("Play on a disabled Player posted command %d", n)
	}
	p.Close()
	p.Close()
	p.SetEnabled(true) // after Close: still nothing
	p.Play(Accepted)
	if got := strings.Count(buf.String(), "level="); got != 1 || !strings.Contains(buf.String(), "disabled") {
		t.Errorf("want one log line saying sound is disabled, got:\n%s", buf)
	}
}

func TestPlayerEnabledLaterOpensInBackground(t *testing.T) {
	opened := make(chan struct{})
	noDevice(t, func() (*oto.Context, <-chan struct{}, error) {
		close(opened)
		return nil, nil, errors.New("test: no device")
	})
	log, buf := newLog()
	p := New(log, false)
	p.SetEnabled(true)
	select {
	case <-opened:
	case <-time.After(5 * time.Second):
		t.Fatal("SetEnabled(true) did not open the device")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(buf.String(), "no usable audio device") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	p.SetEnabled(false)
	p.SetEnabled(true) // opens once only
	p.Play(Accepted)
	p.Play(Refused)
	if p.Available() {
		t.Error("Available() = true without a device")
	}
	p.Close()
	if got := strings.Count(buf.String(), "no usable audio device"); got != 1 {
		t.Errorf("logged the missing device %d times, want once:\n%s", got, buf)
	}
}

// waitFinished waits until the voice has played n cues to their end.
func waitFinished(t *testing.T, p *Player, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for p.voice.finished.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the device played %d cues, want %d", p.voice.finished.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPlayerNullDevice plays through the real oto context on ALSA's null
// sink (see TestMain).
func TestPlayerNullDevice(t *testing.T) {
	log, buf := newLog()
	start := time.Now()
	p := New(log, true)
	t.Logf("New took %v", time.Since(start))
	if !p.Available() {
		t.Fatalf("no device on the null sink; log:\n%s", buf)
	}
	for i, c := range []Cue{Accepted, AlreadyCheckedIn, Refused, Attention, Click} {
		p.Play(c)
		waitFinished(t, p, int64(i+1))
	}
	// A burst of cues: each cuts the previous one; the last one plays out.
	before := p.voice.finished.Load()
	for range 50 {
		for c := range Cue(numCues) {
			p.Play(c)
		}
	}
	p.Play(Accepted)
	waitFinished(t, p, before+1)

	p.SetEnabled(false)
	p.Play(Accepted)
	if n := p.voice.pending.Load(); n > 0 {
		t.Errorf("Play while disabled posted cue %d", n-1)
	}
	p.SetEnabled(true)
	if !p.Available() {
		t.Error("not available after SetEnabled(true)")
	}

	p.Close()
	p.Close()
	p.Play(Refused)
	if p.Available() {
		t.Error("Available() = true after Close")
	}
	if s := buf.String(); strings.Contains(s, "level=WARN") {
		t.Errorf("unexpected warnings:\n%s", s)
	}

	// The one oto context is shared: a second Player resumes it.
	q := New(log, true)
	defer q.Close()
	if !q.Available() {
		t.Fatalf("second Player has no device; log:\n%s", buf)
	}
	q.Play(Click)
	waitFinished(t, q, 1)
}

// TestNoDevice runs the test binary again with an ALSA configuration whose
// default device does not exist, and checks there that New returns a silent
// Player, logs the reason once, and keeps ALSA's messages off stderr.
func TestNoDevice(t *testing.T) {
	if os.Getenv(childEnv) == "nodevice" {
		noDeviceChild(t)
		return
	}
	if testing.Short() {
		t.Skip("runs a child process")
	}
	// ALSA_CONFIG_PATH replaces the system's ALSA configuration with one
	// whose only PCM cannot open (and makes ALSA complain on stderr), so the
	// child finds no device even on a machine with a sound card.
	home := t.TempDir()
	conf := filepath.Join(home, "alsa.conf")
	if err := os.WriteFile(conf, []byte(`pcm.!default { type plug slave.pcm "nosuchpcm" }`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoDevice$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=nodevice", "HOME="+home, "ALSA_CONFIG_PATH="+conf,
		"GORACE=atexit_sleep_ms=0") // the race detector would wait 1 s at exit
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "--- PASS: TestNoDevice") {
		t.Fatalf("child did not pass:\n%s", stdout.String())
	}
	if strings.Contains(stderr.String(), "ALSA lib") || strings.Contains(stdout.String(), "ALSA lib") {
		t.Errorf("ALSA printed on the console:\n%s%s", stdout.String(), stderr.String())
	}
}

func noDeviceChild(t *testing.T) {
	log, buf := newLog()
	start := time.Now()
	p := New(log, true)
	if d := time.Since(start); d >= readyTimeout {
		t.Errorf("New took %v", d)
	}
	if p.Available() {
		t.Fatal("Available() = true without a device")
	}
	for range 3 {
		for c := range Cue(numCues) {
			p.Play(c)
		}
	}
	p.SetEnabled(false)
	p.SetEnabled(true)
	p.Play(Accepted)
	p.Close()
	p.Close()
	if got := strings.Count(buf.String(), "no usable audio device"); got != 1 {
		t.Errorf("logged the missing device %d times, want once:\n%s", got, buf)
	}
	t.Logf("log: %s", buf)
}

// BenchmarkPlay measures what Play costs the caller (the UI thread) with a
// working device; it must stay far below 5 ms.
func BenchmarkPlay(b *testing.B) {
	p := New(slog.New(slog.DiscardHandler), true)
	defer p.Close()
	if !p.Available() {
		b.Skip("no device")
	}
	i := 0
	for b.Loop() {
		p.Play(Cue(i % numCues))
		i++
	}
}

// BenchmarkPlaySilent is Play on a Player with no device.
func BenchmarkPlaySilent(b *testing.B) {
	p := New(slog.New(slog.DiscardHandler), false)
	defer p.Close()
	for b.Loop() {
		p.Play(Accepted)
	}
}
