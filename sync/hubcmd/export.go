package hubcmd

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk/csvsafe"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/report"
)

// exportHeader names the columns of hub export. Scripts read the first
// fifteen by position: new columns go at the end, never in between.
var exportHeader = []string{"scan_id", "kiosk", "epoch", "seq", "checkpoint", "direction", "verdict", "reason",
	"attendee_id", "kiosk_time", "hub_time", "first_at", "first_kiosk", "double_entry_of", "undoes",
	// For people reading the file in a spreadsheet: who and where in
	// words, and both clocks in the event's time zone in a form that
	// LibreOffice and Excel read as a date and time (the RFC 3339 columns
	// above stay exact, in UTC, with milliseconds, for scripts and for
	// ordering scans less than a second apart).
	"first_name", "last_name", "organisation", "category", "checkpoint_name", "kiosk_time_local", "hub_time_local"}

// localLayout is how the *_local columns write times: spreadsheets parse
// it as a date and time whatever their language.
const localLayout = "2006-01-02 15:04:05"

// export writes every scan stored, one row each, in the order the hub
// stored them, to a CSV file spreadsheets open as UTF-8 (with a BOM); with
// -report, it writes the attendance report instead.
func (m *Main) export(ctx context.Context, args []string) error {
	if wantsSheet(args) {
		return m.sheet(ctx, args)
	}
	c := m.command("export", "-data DIR -out FILE.csv | -report -out FILE.csv|FILE.pdf [-format csv|pdf] [-lang fr|en] [-venue TEXT]")
	c.dataFlag()
	out := c.String("out", "", "the `file` to write (replaced whole; its folder must exist)")
	asReport := c.Bool("report", false, "write the attendance report (counts per session, category and day; no names) instead of every scan")
	format := c.String("format", "", "`csv or pdf`; by default, the extension of -out (pdf is for -report)")
	lang := c.String("lang", "fr", "`fr or en`: the language of the report and of checkpoint names")
	venue := c.String("venue", "", "the venue `text` printed on the report (the demo event knows its own)")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if *out == "" {
		return usageError{fmt.Errorf("export: -out FILE.csv is required")}
	}
	l, err := parseLang(*lang)
	if err != nil {
		return usageError{fmt.Errorf("export: %w", err)}
	}
	f, err := exportFormat(*out, *format, *asReport)
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
	if *asReport {
		return m.writeReport(ctx, st, ev, *out, f, report.Options{Lang: l, Loc: loc, Venue: *venue})
	}
	start := time.Now()
	n, err := exportScans(ctx, st, *out, l, loc)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(m.Stdout, "exported %s to %s in %s\n", plural(n, "scan"), *out, time.Since(start).Round(time.Millisecond))
	return nil
}

// exportFormat decides between csv and pdf: -format if given, else the
// extension of the file.
func exportFormat(out, format string, report bool) (string, error) {
	if format == "" {
		switch ext := strings.ToLower(filepath.Ext(out)); ext {
		case ".pdf":
			format = "pdf"
		case ".csv", ".txt", "":
			format = "csv"
		default:
			if !report {
				format = "csv" // the scan export has only one form
				break
			}
			return "", fmt.Errorf("cannot tell the format of %s from %q: add -format csv or -format pdf", out, ext)
		}
	}
	switch format {
	case "csv":
		return format, nil
	case "pdf":
		if !report {
			return "", fmt.Errorf("the scan export is CSV only; the PDF is the attendance report: add -report")
		}
		return format, nil
	}
	return "", fmt.Errorf("unknown -format %q (want csv or pdf)", format)
}

// eventLocation is the event's time zone, UTC if none was set.
func eventLocation(ev hubstore.Event) (*time.Location, error) {
	if strings.TrimSpace(ev.TimeZone) == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("event time zone %q: %w", ev.TimeZone, err)
	}
	return loc, nil
}

// exportScans writes the scan CSV and returns how many scans it holds.
func exportScans(ctx context.Context, st *hubstore.Store, out string, lang kiosk.Language, loc *time.Location) (int, error) {
	var n int
	err := writeFileAtomic(out, func(f io.Writer) error {
		// A large buffer: the file is written in a few hundred system
		// calls, not one per 4 KiB.
		w := bufio.NewWriterSize(f, 256<<10)
		if _, err := w.WriteString("\uFEFF"); err != nil {
			return err
		}
		cw := csvsafe.NewWriter(w)
		if err := cw.Write(exportHeader); err != nil {
			return err
		}
		rec := make([]string, len(exportHeader))
		stamps := newStamper(loc)
		err := st.EachExportRow(ctx, loc, func(s *hubstore.ExportRow) error {
			cpName := s.CheckpointName
			if lang == kiosk.English && s.CheckpointNameEN != "" {
				cpName = s.CheckpointNameEN
			}
			rec = append(rec[:0], s.ID, s.Kiosk, s.Epoch, strconv.FormatInt(s.Seq, 10), s.Checkpoint,
				string(s.Direction), string(s.Verdict), s.Reason, s.AttendeeID,
				stamps.utc(s.At), stamps.utc(s.HubAt), stamps.utc(s.FirstAt), s.FirstKiosk, s.DoubleEntryOf, s.Undoes,
				s.FirstName, s.LastName, s.Organisation, string(s.Category), cpName,
				stamps.local(s.At), stamps.local(s.HubAt))
			n++
			return cw.Write(rec)
		})
		if err != nil {
			return err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return w.Flush()
	})
	return n, err
}

// stamper formats times for the export, with one reused buffer: at
// 100,000 scans and five times a row, Format's allocations show.
type stamper struct {
	loc *time.Location
	buf []byte
}

func newStamper(loc *time.Location) *stamper { return &stamper{loc: loc, buf: make([]byte, 0, 64)} }

// utc is RFC 3339 in UTC with milliseconds; empty for no time.
func (s *stamper) utc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	s.buf = t.UTC().AppendFormat(s.buf[:0], "2006-01-02T15:04:05.000Z07:00")
	return string(s.buf)
}

// local is the time in the event's zone, to the second, for spreadsheets.
func (s *stamper) local(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	s.buf = t.In(s.loc).AppendFormat(s.buf[:0], localLayout)
	return string(s.buf)
}

// parseLang reads -lang.
func parseLang(s string) (kiosk.Language, error) {
	switch l := kiosk.Language(strings.ToLower(strings.TrimSpace(s))); l {
	case kiosk.French, kiosk.English:
		return l, nil
	}
	return "", fmt.Errorf("unknown -lang %q (want fr or en)", s)
}

// writeReport computes the attendance report and writes it to out as CSV
// or PDF.
func (m *Main) writeReport(ctx context.Context, st *hubstore.Store, ev hubstore.Event, out, format string, o report.Options) error {
	start := time.Now()
	if o.Now.IsZero() {
		o.Now = start
	}
	r, err := st.Report(ctx, o.Loc)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	v := report.New(ev, r, o)
	var pages int
	err = writeFileAtomic(out, func(w io.Writer) error {
		if format == "pdf" {
			pages, err = v.WritePDF(w)
			return err
		}
		return v.WriteCSV(w)
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	what := "CSV"
	if format == "pdf" {
		what = "PDF, " + plural(pages, "page")
	}
	fmt.Fprintf(m.Stdout, "wrote the attendance report (%s; %s, %s) to %s in %s\n", what,
		plural(len(r.Checkpoints), "checkpoint"), plural(r.Totals.Scans, "scan"), out, time.Since(start).Round(time.Millisecond))
	return nil
}
