//go:build unix

package headless_test

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/accueil/accueil/kiosk/headless"
)

func nonBlocking(t *testing.T, fd uintptr) bool {
	t.Helper()
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
	if errno != 0 {
		t.Fatal(errno)
	}
	return flags&syscall.O_NONBLOCK != 0
}

func TestPollableInput(t *testing.T) {
	t.Run("a pipe is read through the poller, then given back blocking", func(t *testing.T) {
		var fds [2]int
		if err := syscall.Pipe(fds[:]); err != nil {
			t.Fatal(err)
		}
		r, w := os.NewFile(uintptr(fds[0]), "in"), os.NewFile(uintptr(fds[1]), "out")
		defer r.Close()
		in, restore := headless.PollableInput(r)
		if !nonBlocking(t, r.Fd()) {
			t.Fatal("the pipe is still blocking")
		}
		go func() {
			_, _ = w.WriteString("AC1:PAYLOAD\n")
			w.Close()
		}()
		got, err := io.ReadAll(in)
		if err != nil || string(got) != "AC1:PAYLOAD\n" {
			t.Fatalf("read %q, %v", got, err)
		}
		restore()
		if nonBlocking(t, r.Fd()) {
			t.Error("restore left the pipe non-blocking")
		}
	})
	t.Run("a file is left as it is", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "payloads")
		if err := os.WriteFile(path, []byte("AC1:PAYLOAD\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		in, restore := headless.PollableInput(f)
		defer restore()
		if in != f || nonBlocking(t, f.Fd()) {
			t.Error("a regular file was changed")
		}
	})
}
