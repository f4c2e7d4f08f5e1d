package hubcmd

import (
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestCPUProfileCutBySignal checks the developers' -cpuprofile: SIGUSR1
// closes the profile so far as FILE.1 and goes on, stopping writes FILE.
func TestCPUProfileCutBySignal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.pprof")
	p, err := startCPUProfile(path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Skipf("a CPU profile runs already (go test -cpuprofile?): %v", err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	part := path + ".1"
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(part); err == nil {
			break
		}
		if time.Now().After(deadline) {
			p.stop()
			t.Fatalf("no %s after SIGUSR1", part)
		}
	}
	p.stop()
	for _, f := range []string{part, path} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("profile %s: %v", f, err)
		}
	}
	var none *cpuProfile
	none.stop() // no -cpuprofile: nothing to stop
}
