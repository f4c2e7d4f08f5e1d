package hubcmd

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/accueil/accueil/sync/attendance"
)

// wantsSheet reports whether hub export was asked for a meeting's
// attendance sheet rather than the scans or the report.
func wantsSheet(args []string) bool {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "sheet" {
			return true
		}
		if a == "--" {
			break
		}
	}
	return false
}

// sheet writes hub export -sheet: the attendance sheet of a General
// Meeting, as a PDF to sign or a CSV, by the extension of -out.
func (m *Main) sheet(ctx context.Context, args []string) error {
	c := m.command("export", "-data DIR -sheet CHECKPOINT -out FILE.pdf|FILE.csv [-lang fr|en]")
	c.dataFlag()
	id := c.String("sheet", "", "the meeting's checkpoint `id` (a session with a quorum)")
	out := c.String("out", "", "the `file` to write: .pdf to print and sign, .csv for a spreadsheet")
	lang := c.String("lang", "fr", "`fr or en`")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if strings.TrimSpace(*id) == "" {
		return usageError{fmt.Errorf("export: -sheet CHECKPOINT is required")}
	}
	if *out == "" {
		return usageError{fmt.Errorf("export: -out FILE.pdf or FILE.csv is required")}
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".pdf" && ext != ".csv" {
		return usageError{fmt.Errorf("export: the sheet is written as .pdf or .csv, not %q", ext)}
	}
	l, err := parseLang(*lang)
	if err != nil {
		return usageError{fmt.Errorf("export: %w", err)}
	}
	st, ev, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	loc, err := eventLocation(ev)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	sh, err := attendance.BuildSheet(ctx, st, *id, loc, l, time.Now())
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	what := "CSV"
	err = writeFileAtomic(*out, func(w io.Writer) error {
		if ext == ".csv" {
			return sh.WriteCSV(w)
		}
		pages, err := sh.WritePDF(w)
		what = "PDF, " + plural(pages, "page")
		return err
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	pm, pv := sh.Count(attendance.Present)
	rm, rv := sh.Count(attendance.Represented)
	fmt.Fprintf(m.Stdout, "wrote the attendance sheet of %s (%s; %s, %d present with %d votes, %d represented with %d votes, %d required) to %s\n",
		*id, what, plural(len(sh.Lines), "voting member"), pm, pv, rm, rv, sh.Quorum.VotesRequired, *out)
	return nil
}
