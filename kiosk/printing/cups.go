// Package printing prints badges at the desk. CUPS is the adapter for the
// system's print service, driven through its command-line client (lp,
// lpstat) so that the kiosk links no C library; Badges renders a badge,
// sends it and keeps the desk's print log, where a badge prints once unless
// staff confirm a reprint.
package printing

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Errors of the print service, each wrapped with what lp or lpstat said.
var (
	ErrNoCUPS          = errors.New("CUPS client (lp) not installed")
	ErrNoScheduler     = errors.New("CUPS scheduler not reachable")
	ErrUnknownPrinter  = errors.New("unknown printer")
	ErrPrinterDisabled = errors.New("printer disabled")
	ErrNotAccepting    = errors.New("printer not accepting jobs")
)

// DefaultTimeout bounds one lp or lpstat run: a CUPS scheduler that does
// not answer must not hold the desk.
const DefaultTimeout = 15 * time.Second

// CUPS talks to the print service with lp and lpstat. The zero value uses
// the commands on PATH and the server CUPS_SERVER names, else the
// system's.
type CUPS struct {
	// Server, if set, is the scheduler to use (a socket path or
	// host[:port]) instead of CUPS_SERVER.
	Server string
	// Timeout bounds each command; zero means DefaultTimeout.
	Timeout time.Duration
	// LP and LPStat are the commands; empty means "lp" and "lpstat".
	LP, LPStat string
	// Options are lp's job options ("media=A6", "fit-to-page"), each
	// passed with -o.
	Options []string
}

// Queue is a print queue.
type Queue struct {
	Name    string
	Default bool
}

// Printers lists the print queues, the default one marked. No queue at all
// is an empty list, not an error.
func (c CUPS) Printers(ctx context.Context) ([]Queue, error) {
	out, err := c.run(ctx, c.lpstat(), nil, "-e")
	if err != nil {
		if errors.Is(err, errNoDestinations) {
			return nil, nil
		}
		return nil, fmt.Errorf("list printers: %w", err)
	}
	def, err := c.run(ctx, c.lpstat(), nil, "-d")
	if err != nil && !errors.Is(err, errNoDestinations) {
		return nil, fmt.Errorf("default printer: %w", err)
	}
	// "system default destination: NAME", or "no system default destination".
	_, defName, _ := strings.Cut(strings.TrimSpace(def), "destination: ")
	var queues []Queue
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if name := strings.TrimSpace(sc.Text()); name != "" {
			queues = append(queues, Queue{Name: name, Default: name == defName})
		}
	}
	return queues, nil
}

// Print sends a PDF to printer under title and returns the CUPS job id
// ("PDF-12"). A disabled queue is refused before sending: CUPS would hold
// the job silently while the visitor waits.
func (c CUPS) Print(ctx context.Context, printer, title string, pdf io.Reader) (string, error) {
	if printer == "" || strings.HasPrefix(printer, "-") {
		return "", fmt.Errorf("print %q: %w", printer, ErrUnknownPrinter)
	}
	state, err := c.run(ctx, c.lpstat(), nil, "-p", printer)
	if errors.Is(err, ErrUnknownPrinter) {
		// lpstat says so too when it reaches no scheduler at all.
		if r, rerr := c.run(ctx, c.lpstat(), nil, "-r"); rerr == nil && strings.Contains(r, "not running") {
			err = fmt.Errorf("%w: %s", ErrNoScheduler, firstLine(r))
		}
	}
	if err != nil {
		return "", fmt.Errorf("print on %q: %w", printer, err)
	}
	if strings.Contains(state, " disabled ") {
		// The lines after "printer X disabled since DATE -" say why.
		var why []string
		for line := range strings.Lines(state) {
			if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ") {
				why = append(why, strings.TrimSpace(line))
			}
		}
		if len(why) == 0 {
			return "", fmt.Errorf("print on %q: %w", printer, ErrPrinterDisabled)
		}
		return "", fmt.Errorf("print on %q: %w (%s)", printer, ErrPrinterDisabled, strings.Join(why, "; "))
	}
	args := []string{"-d", printer, "-t", title}
	for _, o := range c.Options {
		args = append(args, "-o", o)
	}
	out, err := c.run(ctx, c.lp(), pdf, args...)
	if err != nil {
		return "", fmt.Errorf("print on %q: %w", printer, err)
	}
	// "request id is PDF-12 (0 file(s))"
	_, rest, ok := strings.Cut(out, "request id is ")
	job, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if !ok || job == "" {
		return "", fmt.Errorf("print on %q: lp gave no job id: %q", printer, firstLine(out))
	}
	return job, nil
}

func (c CUPS) lp() string     { return cmp(c.LP, "lp") }
func (c CUPS) lpstat() string { return cmp(c.LPStat, "lpstat") }

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// errNoDestinations is lpstat's answer when no queue exists at all.
var errNoDestinations = errors.New("no destinations")

// run runs a CUPS command with the C locale, so that its messages parse
// whatever language the kiosk's screen speaks, and maps what it says on
// standard error to this package's errors.
func (c CUPS) run(ctx context.Context, name string, stdin io.Reader, args ...string) (string, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	if c.Server != "" {
		cmd.Env = append(cmd.Env, "CUPS_SERVER="+c.Server)
	}
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return "", fmt.Errorf("%w: %v", ErrNoCUPS, err)
	case ctx.Err() == context.DeadlineExceeded:
		return "", fmt.Errorf("%s: no answer after %s: %w", name, timeout, ctx.Err())
	case err != nil:
		return stdout.String(), classify(name, stderr.String(), err)
	}
	return stdout.String(), nil
}

// classify turns what lp or lpstat printed on standard error into one line
// wrapping the matching error.
func classify(name, stderr string, err error) error {
	msg := firstLine(stderr)
	if msg == "" {
		msg = err.Error()
	}
	lower := strings.ToLower(stderr)
	switch {
	case strings.Contains(lower, "does not exist"), strings.Contains(lower, "invalid destination"),
		strings.Contains(lower, "unknown destination"):
		return fmt.Errorf("%w: %s", ErrUnknownPrinter, msg)
	case strings.Contains(lower, "not accepting"):
		return fmt.Errorf("%w: %s", ErrNotAccepting, msg)
	case strings.Contains(lower, "no destinations"):
		return fmt.Errorf("%w: %s", errNoDestinations, msg)
	case strings.Contains(lower, "scheduler is not running"), strings.Contains(lower, "unable to connect"),
		strings.Contains(lower, "connection refused"), strings.Contains(lower, "no such file"):
		return fmt.Errorf("%w: %s", ErrNoScheduler, msg)
	}
	return fmt.Errorf("%s failed: %s", name, msg)
}

// firstLine is the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}
