package hubcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/accueil/accueil/sync/hubstore"
)

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

// plural is "1 scan", "2 scans".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprint(n) + " " + what + "s"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// writeFileAtomic writes path through a temporary file in the same folder,
// synced then renamed, so path is either the old file or the whole new one.
// The file is private to the hub's user (0600).
func writeFileAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("folder %s does not exist", dir)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if err := write(f); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// shellQuote quotes s for a POSIX shell when it needs it, so printed
// command lines can be pasted.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=+,@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
