// Package hubcmd holds the hub's commands (hub serve, hub init, hub export
// and the rest) behind one Main type, so that cmd/hub only hands it the
// process's streams and tests run every command in-process, as scripts
// would run the binary. Each command is one file: its flags, its checks and
// its output; the table in this file names them.
package hubcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// Main is the hub command, with its output streams, so tests can run it
// in-process.
type Main struct {
	// Stdin is read by the commands that take a secret (hub pin set): a
	// secret on the command line would show in ps and the shell history.
	Stdin          io.Reader
	Stdout, Stderr io.Writer

	// ready, if set, is called with the address a server listens on once
	// it accepts connections: tests serve on 127.0.0.1:0.
	ready func(addr string)
}

const usage = `Usage:
  hub serve -data DIR [-addr 127.0.0.1:8787] [-public-addr HOST:PORT] [-tls-cert F -tls-key F]
                                          serve kiosks, dashboards and the API
  hub demo -data DIR [-addr ...]          set up the embedded demo event (once), print
                                          enrollment codes, and serve it
  hub init -data DIR -event ID -name NAME [-time-zone Europe/Paris]
                                          set up a new event with its own badge key
  hub roster import -data DIR FILE.csv [-skip-bad]
                                          add or update attendees from a roster CSV
  hub checkpoints import -data DIR FILE.csv [-skip-bad]
                                          add or update checkpoints from a CSV
  hub kiosk add -data DIR NAME [-role self|desk|session|organiser]
                                          print a one-time enrollment code (and its QR)
  hub kiosk list -data DIR                list enrolled kiosks
  hub kiosk revoke -data DIR NAME         cut a kiosk off the hub
  hub token -data DIR [-rotate]           print the organisers' dashboard token (-rotate: a new one,
                                          ending every dashboard session)
  hub key rotate -data DIR                a new badge signing key (older badges stay valid)
  hub pin set -data DIR < PIN             the staff PIN (4 to 8 digits, one line on standard input)
                                          of every kiosk; they never ask for one at start
  hub projector -data DIR on|off          switch the projector view (numbers only) on, printing
                                          its URL, or off
  hub export -data DIR -out FILE.csv      every scan, one row each
  hub export -data DIR -report -out FILE.pdf|FILE.csv [-lang fr|en]
                                          attendance per session, category and day (no names)
  hub badges -data DIR -out FILE.pdf [-id ID ...] [-layout a6|a4]
                                          printable badges (PDF) with their signed QR codes
  hub badge revoke -data DIR ID [-all]   revoke an attendee's lost badge (or -all of them);
                                          the next one printed replaces it
  hub purge -data DIR                     remove personal data after the event (scans and counts stay)
  hub backup -data DIR -out FILE          a consistent copy of the whole hub, also while it serves
  hub restore -data NEWDIR FILE           a new hub folder from a backup; kiosks send it what it lacks
  hub standby -data DIR -primary HOST:PORT [-enroll CODE] [-addr ...] [-public-addr ...]
                                          a second laptop keeping a live copy of the hub
  hub promote -data DIR                   the standby takes over as the hub
  hub qr -out DIR [-id ID ...] [-n N]     badge QR codes of the demo event as PNG files
  hub export -data DIR -sheet CHECKPOINT -out FILE.pdf|FILE.csv [-lang fr|en]
                                          a General Meeting's attendance sheet, to sign
  hub certificates -data DIR -out DIR [-lang fr|en|auto] [-id ID ...]
                                          attendance certificates, one PDF per attendee admitted
  hub certificates verify -data DIR PAYLOAD
                                          check a certificate's QR code: valid, or invalid: reason
  hub -version

Run 'hub COMMAND -h' for a command's flags.
`

// Run runs the command and returns its exit status: 0 on success, 1 when
// the command failed, 2 for a usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "-version", "--version", "version":
		fmt.Fprintf(m.Stdout, "hub %s (%s)\n", kiosk.Version, runtime.Version())
		return 0
	case "-h", "-help", "--help", "help":
		fmt.Fprint(m.Stdout, usage)
		return 0
	case "qr":
		return m.report(m.qr(rest))
	case "serve":
		return m.report(m.serve(ctx, rest))
	case "demo":
		return m.report(m.demo(ctx, rest))
	case "init":
		return m.report(m.initEvent(ctx, rest))
	case "token":
		return m.report(m.token(ctx, rest))
	case "projector":
		return m.report(m.projector(ctx, rest))
	case "purge":
		return m.report(m.purge(ctx, rest))
	case "backup":
		return m.report(m.backup(ctx, rest))
	case "restore":
		return m.report(m.restore(ctx, rest))
	case "standby":
		return m.report(m.standbyCmd(ctx, rest))
	case "promote":
		return m.report(m.promote(ctx, rest))
	case "export":
		return m.report(m.export(ctx, rest))
	case "badges":
		return m.report(m.badges(ctx, rest))
	case "certificates":
		return m.report(m.certificates(ctx, rest))
	case "roster", "checkpoints", "kiosk", "badge", "pin", "key":
		return m.report(m.group(ctx, cmd, rest))
	}
	fmt.Fprintf(m.Stderr, "hub: unknown command %q\n%s", cmd, usage)
	return 2
}

// group runs the commands that take a subcommand: roster import,
// checkpoints import, kiosk add|list|revoke.
func (m *Main) group(ctx context.Context, cmd string, args []string) error {
	subs := map[string][]string{
		"roster":      {"import"},
		"checkpoints": {"import"},
		"kiosk":       {"add", "list", "revoke"},
		"badge":       {"revoke"},
		"pin":         {"set"},
		"key":         {"rotate"},
	}[cmd]
	want := strings.Join(subs, ", ")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		return usageError{fmt.Errorf("%s: missing subcommand (want %s; run 'hub -h')", cmd, want)}
	}
	if isHelp(args[0]) {
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	switch cmd + " " + args[0] {
	case "roster import":
		return m.rosterImport(ctx, args[1:])
	case "checkpoints import":
		return m.checkpointsImport(ctx, args[1:])
	case "kiosk add":
		return m.kioskAdd(ctx, args[1:])
	case "kiosk list":
		return m.kioskList(ctx, args[1:])
	case "kiosk revoke":
		return m.kioskRevoke(ctx, args[1:])
	case "badge revoke":
		return m.badgeRevoke(ctx, args[1:])
	case "pin set":
		return m.pinSet(ctx, args[1:])
	case "key rotate":
		return m.keyRotate(ctx, args[1:])
	}
	return usageError{fmt.Errorf("%s: unknown subcommand %q (want %s)", cmd, args[0], want)}
}

func isHelp(s string) bool {
	switch s {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

func (m *Main) report(err error) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	// One line, whatever the error carries.
	msg := strings.Join(strings.Fields(err.Error()), " ")
	fmt.Fprintf(m.Stderr, "hub: %s\n", msg)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// command is one command's flags.
type command struct {
	*flag.FlagSet
	m        *Main
	name     string  // "roster import"
	synopsis string  // what follows "hub NAME"
	data     *string // set by dataFlag: parse then requires it
}

func (m *Main) command(name, synopsis string) *command {
	fs := flag.NewFlagSet("hub "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors come back as one line; -h prints below
	return &command{FlagSet: fs, m: m, name: name, synopsis: synopsis}
}

// parse reads flags and positional arguments in any order (hub roster
// import -data DIR FILE.csv -skip-bad), and checks that there are exactly
// npos positional arguments. -h prints the command's usage on stdout and
// returns flag.ErrHelp.
func (c *command) parse(args []string, npos int, posName string) ([]string, error) {
	var pos []string
	for {
		if err := c.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printUsage(c.m.Stdout)
				return nil, err
			}
			return nil, usageError{fmt.Errorf("%s: %v (run 'hub %s -h')", c.name, err, c.name)}
		}
		rest := c.Args()
		if len(rest) == 0 {
			break
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	switch {
	case len(pos) < npos:
		return nil, usageError{fmt.Errorf("%s: %s is required (usage: hub %s %s)", c.name, posName, c.name, c.synopsis)}
	case len(pos) > npos:
		return nil, usageError{fmt.Errorf("%s: unexpected argument %q (usage: hub %s %s)", c.name, pos[npos], c.name, c.synopsis)}
	}
	if c.data != nil {
		if err := c.requireData(*c.data); err != nil {
			return nil, err
		}
	}
	return pos, nil
}

func (c *command) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage:\n  hub %s %s\n\nFlags:\n", c.name, c.synopsis)
	c.SetOutput(w)
	c.PrintDefaults()
	c.SetOutput(io.Discard)
}

// dataFlag adds the -data flag every store command takes; parse then
// refuses a command line without it.
func (c *command) dataFlag() *string {
	c.data = c.String("data", "", "the hub's data `folder` (required)")
	return c.data
}

// open opens the existing hub folder that -data names.
func (c *command) open(ctx context.Context) (*hubstore.Store, hubstore.Event, error) {
	st, ev, err := openHub(ctx, *c.data)
	if err != nil {
		return nil, hubstore.Event{}, fmt.Errorf("%s: %w", c.name, err)
	}
	return st, ev, nil
}

// requireData checks that -data was given.
func (c *command) requireData(dir string) error {
	if strings.TrimSpace(dir) == "" {
		return usageError{fmt.Errorf("%s: -data DIR is required (usage: hub %s %s)", c.name, c.name, c.synopsis)}
	}
	return nil
}

// errNoEvent says how to set up a folder that has no event.
func errNoEvent(dir string) error {
	return fmt.Errorf("no event in %s: run 'hub demo -data %s' or 'hub init -data %s -event ID -name NAME' first", dir, dir, dir)
}

// openHub opens the store of an existing hub folder, refusing to create one
// (a mistyped -data would otherwise make an empty hub), and checks that it
// holds an event.
func openHub(ctx context.Context, dir string) (*hubstore.Store, hubstore.Event, error) {
	if _, err := os.Stat(filepath.Join(dir, hubstore.FileName)); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, hubstore.Event{}, errNoEvent(dir)
		}
		return nil, hubstore.Event{}, fmt.Errorf("open %s: %w", dir, err)
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		return nil, hubstore.Event{}, err
	}
	ev, err := st.Event(ctx)
	if err != nil {
		st.Close()
		if errors.Is(err, hubstore.ErrNoEvent) {
			return nil, hubstore.Event{}, errNoEvent(dir)
		}
		return nil, hubstore.Event{}, fmt.Errorf("read event in %s: %w", dir, err)
	}
	return st, ev, nil
}
