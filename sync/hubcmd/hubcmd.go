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
	"runtime"
	"slices"
	"strings"

	"github.com/accueil/accueil/kiosk"
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

// A table names the commands: "export", or "kiosk add" for a subcommand.
// A command may have subcommands too ("certificates" and "certificates
// verify"): the two words win over the one.
type table map[string]func(m *Main, ctx context.Context, args []string) error

// commands are the hub's commands. A new command is a file holding its
// method, one line here and its line in usage.
var commands = table{
	"serve":              (*Main).serve,
	"demo":               (*Main).demo,
	"init":               (*Main).initEvent,
	"roster import":      (*Main).rosterImport,
	"checkpoints import": (*Main).checkpointsImport,
	"kiosk add":          (*Main).kioskAdd,
	"kiosk list":         (*Main).kioskList,
	"kiosk revoke":       (*Main).kioskRevoke,
	"token":              (*Main).token,
	"key rotate":         (*Main).keyRotate,
	"pin set":            (*Main).pinSet,
	"projector":          (*Main).projector,
	"export":             (*Main).export,
	"badges":             (*Main).badges,
	"badge revoke":       (*Main).badgeRevoke,
	"purge":              (*Main).purge,
	"backup":             (*Main).backup,
	"restore":            (*Main).restore,
	"standby":            (*Main).standbyCmd,
	"promote":            (*Main).promote,
	"qr":                 (*Main).qr,
	"certificates":       (*Main).certificates,
}

// Run runs the command and returns its exit status: 0 on success, 1 when
// the command failed, 2 for a usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return 2
	}
	switch args[0] {
	case "-version", "--version", "version":
		fmt.Fprintf(m.Stdout, "hub %s (%s)\n", kiosk.Version, runtime.Version())
		return 0
	case "-h", "-help", "--help", "help":
		fmt.Fprint(m.Stdout, usage)
		return 0
	}
	return m.dispatch(ctx, commands, args)
}

// dispatch runs the command of t that args name.
func (m *Main) dispatch(ctx context.Context, t table, args []string) int {
	cmd := args[0]
	// "kiosk add" is two words on a command line, never one.
	if strings.Contains(cmd, " ") {
		fmt.Fprintf(m.Stderr, "hub: unknown command %q\n%s", cmd, usage)
		return 2
	}
	if len(args) > 1 {
		if run, ok := t[cmd+" "+args[1]]; ok {
			return m.exitCode(run(m, ctx, args[2:]))
		}
	}
	if run, ok := t[cmd]; ok {
		return m.exitCode(run(m, ctx, args[1:]))
	}
	if subs := t.subcommands(cmd); len(subs) > 0 {
		return m.exitCode(m.badSubcommand(cmd, subs, args[1:]))
	}
	fmt.Fprintf(m.Stderr, "hub: unknown command %q\n%s", cmd, usage)
	return 2
}

// subcommands lists, in order, the subcommands of cmd ("kiosk": add, list,
// revoke); none for a command without any.
func (t table) subcommands(cmd string) []string {
	var subs []string
	for name := range t {
		if sub, ok := strings.CutPrefix(name, cmd+" "); ok {
			subs = append(subs, sub)
		}
	}
	slices.Sort(subs)
	return subs
}

// badSubcommand answers a command line that names a group of commands
// (hub kiosk) but none of its subcommands: the usage for -h, else a usage
// error naming the ones there are.
func (m *Main) badSubcommand(cmd string, subs, args []string) error {
	want := strings.Join(subs, ", ")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		return usageError{fmt.Errorf("%s: missing subcommand (want %s; run 'hub -h')", cmd, want)}
	}
	if isHelp(args[0]) {
		fmt.Fprint(m.Stdout, usage)
		return nil
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

// exitCode says what went wrong, on one line, and turns it into the exit
// status.
func (m *Main) exitCode(err error) int {
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
