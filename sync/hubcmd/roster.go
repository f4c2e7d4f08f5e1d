package hubcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk/roster"
	"github.com/accueil/accueil/sync/hubstore"
)

// bigImport is the size from which imports draw their progress: smaller
// ones are over before anyone could read it.
const bigImport = 5000

// importJob is what both imports start from: the file to read and the
// hub's store to write to.
type importJob struct {
	file    string
	f       *os.File
	st      *hubstore.Store
	ev      hubstore.Event
	skipBad bool
}

func (j *importJob) close() {
	j.f.Close()
	j.st.Close()
}

// startImport reads an import command's flags and opens its file and store.
func (m *Main) startImport(ctx context.Context, name string, args []string) (*importJob, error) {
	c := m.command(name, "-data DIR FILE.csv [-skip-bad]")
	c.dataFlag()
	skipBad := c.Bool("skip-bad", false, "import the good rows even when some rows are bad")
	pos, err := c.parse(args, 1, "FILE.csv")
	if err != nil {
		return nil, err
	}
	j := &importJob{file: pos[0], skipBad: *skipBad}
	if j.f, err = os.Open(j.file); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if j.st, j.ev, err = c.open(ctx); err != nil {
		j.f.Close()
		return nil, err
	}
	return j, nil
}

func (m *Main) rosterImport(ctx context.Context, args []string) error {
	j, err := m.startImport(ctx, "roster import", args)
	if err != nil {
		return err
	}
	defer j.close()
	file, f, st := j.file, j.f, j.st

	reading := &rowCounter{w: m.Stderr, label: "reading " + file}
	parsed, err := roster.ReadAttendees(f, reading.progress)
	reading.done()
	m.warn(parsed.Warnings)
	if err != nil {
		return fmt.Errorf("roster import: %s: %w", file, err)
	}
	if err := m.badRows("roster import", file, parsed.Problems, len(parsed.Attendees), j.skipBad); err != nil {
		return err
	}
	if len(parsed.Attendees) == 0 {
		return fmt.Errorf("roster import: %s holds no attendee", file)
	}
	stats, err := st.ImportAttendees(ctx, parsed.Attendees, progressBar(m.Stderr, "importing roster"))
	if err != nil {
		return fmt.Errorf("roster import: %w", err)
	}
	fmt.Fprintf(m.Stdout, "imported %d attendees (%d new or changed), roster version %d\n", stats.Total, stats.Changed, stats.Version)
	return nil
}

func (m *Main) checkpointsImport(ctx context.Context, args []string) error {
	j, err := m.startImport(ctx, "checkpoints import", args)
	if err != nil {
		return err
	}
	defer j.close()
	file, f, st, ev := j.file, j.f, j.st, j.ev
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil || ev.TimeZone == "" {
		return fmt.Errorf("checkpoints import: event %q has no usable time zone (%q)", ev.ID, ev.TimeZone)
	}
	onRoster, err := speakerCheck(ctx, st, m)
	if err != nil {
		return fmt.Errorf("checkpoints import: %w", err)
	}
	parsed, err := roster.ReadCheckpointsFor(f, loc, onRoster)
	m.warn(parsed.Warnings)
	if err != nil {
		return fmt.Errorf("checkpoints import: %s: %w", file, err)
	}
	if err := m.badRows("checkpoints import", file, parsed.Problems, len(parsed.Checkpoints), j.skipBad); err != nil {
		return err
	}
	if len(parsed.Checkpoints) == 0 {
		return fmt.Errorf("checkpoints import: %s holds no checkpoint", file)
	}
	v, err := st.SaveCheckpoints(ctx, parsed.Checkpoints)
	if err != nil {
		return fmt.Errorf("checkpoints import: %w", err)
	}
	fmt.Fprintf(m.Stdout, "imported %d checkpoints, checkpoints version %d\n", len(parsed.Checkpoints), v)
	return nil
}

// speakerCheck says which ids the speakers column may name: those of the
// roster, unless no roster was imported yet (then speakers are not checked,
// with a warning, so that checkpoints may be imported first).
func speakerCheck(ctx context.Context, st *hubstore.Store, m *Main) (func(string) bool, error) {
	idx, err := st.RosterIndex(ctx)
	if err != nil {
		return nil, err
	}
	if len(idx) == 0 {
		m.warn([]string{"no roster imported yet: the speakers column is not checked against it"})
		return nil, nil
	}
	return func(id string) bool { _, ok := idx[id]; return ok }, nil
}

func (m *Main) warn(warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(m.Stderr, "warning: %s\n", w)
	}
}

// badRows reports every bad row, with its line, and refuses the import
// when there are any, unless skipBad.
func (m *Main) badRows(cmd, file string, problems []roster.Problem, good int, skipBad bool) error {
	if len(problems) == 0 {
		return nil
	}
	for _, p := range problems {
		fmt.Fprintf(m.Stderr, "%s: %s\n", file, oneLine(p.String()))
	}
	if skipBad {
		fmt.Fprintf(m.Stderr, "skipping %s, importing %s\n", plural(len(problems), "bad row"), plural(good, "good row"))
		return nil
	}
	return errors.New(cmd + ": " + plural(len(problems), "bad row") + " in " + file + ": nothing imported (fix them, or add -skip-bad to import the " + plural(good, "good row") + ")")
}

// rowCounter shows how many rows of a big file were read so far.
type rowCounter struct {
	w     io.Writer
	label string
	shown bool
}

func (r *rowCounter) progress(rows int) {
	if rows < bigImport {
		return
	}
	r.shown = true
	fmt.Fprintf(r.w, "\r%s: %d rows", r.label, rows)
}

func (r *rowCounter) done() {
	if r.shown {
		fmt.Fprintln(r.w)
	}
}

// progressBar draws an import's progress on a terminal line; it stays
// quiet for small imports.
func progressBar(w io.Writer, label string) func(done, total int) {
	return func(done, total int) {
		if total < bigImport {
			return
		}
		const width = 30
		filled := width * min(done, total) / total
		fmt.Fprintf(w, "\r%s [%s%s] %d/%d", label, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}
