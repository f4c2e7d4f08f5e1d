package chaos

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/accueil/accueil/kiosk/headless"
)

// Binaries are the executables under test (make build writes them to bin/).
type Binaries struct {
	Hub, Kiosk string
}

// check finds both binaries before anything starts.
func (b Binaries) check() error {
	for _, p := range []string{b.Hub, b.Kiosk} {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return fmt.Errorf("binary %s not found: run make build first", p)
		}
	}
	return nil
}

// hubCLI runs one hub command to its end and returns its standard output.
func hubCLI(ctx context.Context, bin string, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("hub %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// process is one running binary, killed by the run at will.
type process struct {
	cmd  *exec.Cmd
	done chan struct{}
	// code is the exit status once done is closed (-1 when killed).
	code int
}

func startProcess(cmd *exec.Cmd) (*process, error) {
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		err := cmd.Wait()
		p.code = 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			p.code = ee.ExitCode()
		} else if err != nil {
			p.code = -1
		}
		close(p.done)
	}()
	return p, nil
}

// Pid is the process id, for /proc.
func (p *process) Pid() int { return p.cmd.Process.Pid }

// kill sends SIGKILL and waits for the process to be gone.
func (p *process) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop sends SIGTERM, then SIGKILL after grace.
func (p *process) stop(grace time.Duration) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(grace):
		p.kill()
	}
}

// exited reports whether the process has ended.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// hubServer is the hub process serving on a fixed loopback address, and
// the folder it serves.
type hubServer struct {
	bin, dir, addr string
	log            io.Writer
	proc           *process
}

// start runs `hub SUB -data DIR -addr ADDR ARGS...` and waits until it
// answers /healthz.
func (h *hubServer) start(ctx context.Context, sub string, args ...string) error {
	cmd := exec.Command(h.bin, append([]string{sub, "-data", h.dir, "-addr", h.addr}, args...)...)
	cmd.Stdout, cmd.Stderr = h.log, h.log
	p, err := startProcess(cmd)
	if err != nil {
		return err
	}
	h.proc = p
	return waitHealthy(ctx, h.addr, p, 30*time.Second)
}

// waitHealthy polls GET /healthz on addr until it answers 200.
func waitHealthy(ctx context.Context, addr string, p *process, limit time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(limit)
	for {
		resp, err := client.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if p != nil && p.exited() {
			return fmt.Errorf("hub on %s exited with status %d before serving (see its log)", addr, p.code)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("hub on %s not healthy after %s: %v", addr, limit, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// freeAddr is a loopback address nobody listens on right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// headlessKiosk is one `kiosk -headless` process fed one payload at a
// time: a line is written only after the previous verdict came back, so
// a kill between scans loses nothing the kiosk printed.
type headlessKiosk struct {
	name, bin, dir string
	env            []string
	log            io.Writer
	proc           *process
	stdin          io.WriteCloser
	lines          chan []byte
}

// enroll joins the kiosk to a hub once, with no payload: a refused code
// stops the run here, before an unenrolled kiosk (which would start on
// the embedded demo event) scans anything.
func (k *headlessKiosk) enroll(ctx context.Context, code string) error {
	cmd := exec.CommandContext(ctx, k.bin, "-headless", "-data", k.dir, "-enroll", code, "-name", k.name, "-drain", "10s")
	var errb bytes.Buffer
	cmd.Env = append(os.Environ(), k.env...)
	cmd.Stdout, cmd.Stderr = k.log, io.MultiWriter(k.log, &errb)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("enroll kiosk %s: %w: %s", k.name, err, strings.TrimSpace(errb.String()))
	}
	return nil
}

// start runs the kiosk on its folder with args.
func (k *headlessKiosk) start(args ...string) error {
	cmd := exec.Command(k.bin, append([]string{"-headless", "-data", k.dir}, args...)...)
	cmd.Env = append(os.Environ(), k.env...)
	cmd.Stderr = k.log
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("kiosk %s: %w", k.name, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("kiosk %s: %w", k.name, err)
	}
	p, err := startProcess(cmd)
	if err != nil {
		return fmt.Errorf("kiosk %s: %w", k.name, err)
	}
	lines := make(chan []byte, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			lines <- append([]byte(nil), sc.Bytes()...)
		}
	}()
	k.proc, k.stdin, k.lines = p, stdin, lines
	return nil
}

// scan sends one payload and returns the kiosk's verdict line.
func (k *headlessKiosk) scan(payload string, timeout time.Duration) (headless.Line, error) {
	if _, err := io.WriteString(k.stdin, payload+"\n"); err != nil {
		return headless.Line{}, fmt.Errorf("kiosk %s: write payload: %w", k.name, err)
	}
	select {
	case b, ok := <-k.lines:
		if !ok {
			<-k.proc.done
			return headless.Line{}, fmt.Errorf("kiosk %s exited with status %d during a scan", k.name, k.proc.code)
		}
		var l headless.Line
		if err := json.Unmarshal(b, &l); err != nil {
			return headless.Line{}, fmt.Errorf("kiosk %s: line %q: %w", k.name, b, err)
		}
		return l, nil
	case <-time.After(timeout):
		return headless.Line{}, fmt.Errorf("kiosk %s: no verdict within %s", k.name, timeout)
	}
}

// finish closes standard input and waits for the kiosk to drain and exit;
// it returns the exit status (3: scans still waiting for the hub).
func (k *headlessKiosk) finish(limit time.Duration) (int, error) {
	k.stdin.Close()
	select {
	case <-k.proc.done:
		return k.proc.code, nil
	case <-time.After(limit):
		k.proc.kill()
		return -1, fmt.Errorf("kiosk %s did not exit within %s of the end of its input", k.name, limit)
	}
}

// execCommand is exec.Command, named for the few places that set their
// own streams.
func execCommand(bin string, args ...string) *exec.Cmd { return exec.Command(bin, args...) }
