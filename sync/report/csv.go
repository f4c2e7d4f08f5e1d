package report

import (
	"bufio"
	"io"
	"strconv"
	"time"

	"github.com/accueil/accueil/kiosk/csvsafe"
)

// WriteCSV writes the report as sections a spreadsheet shows one below
// the other: a title line, a header row, the rows, a blank line. Counts
// are plain digits, so that spreadsheets read them as numbers.
func (v *View) WriteCSV(out io.Writer) error {
	bw := bufio.NewWriter(out)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(bw)
	w := v.w
	num := strconv.Itoa
	write := func(rows ...[]string) {
		for _, r := range rows {
			_ = cw.Write(r) // the error sticks: cw.Error below
		}
	}
	write([]string{w.s("title")})
	for _, kv := range v.heading() {
		write([]string{kv[0], kv[1]})
	}
	write([]string{w.s("anonymous")}, nil, []string{w.s("summary")})
	t := v.r.Totals
	write([]string{w.s("registered"), num(t.Registered)}, []string{w.s("attended"), num(t.Attended)},
		[]string{w.s("rate"), w.pct(t.Attended, t.Registered)}, []string{w.s("attended_session"), num(t.AttendedSession)},
		[]string{w.s("entries"), num(t.Entries)}, []string{w.s("scans"), num(t.Scans)}, []string{w.s("refused"), num(t.Refused)},
		[]string{w.s("doubles"), num(t.DoubleEntries)}, []string{w.s("undone"), num(t.Undone)})

	write(nil, []string{w.s("by_day")}, v.dayHeader())
	for _, d := range v.r.Days {
		f := v.day(d)
		write([]string{d, num(f.attended), num(f.peak.PeakInside), v.clock(f.peak.PeakAt, false), num(f.sessions), num(f.refused), num(f.doubles)})
	}

	write(nil, []string{w.s("by_category")})
	h := []string{w.s("category"), w.s("registered")}
	h = append(h, v.r.Days...)
	write(append(h, w.s("whole_event"), w.s("rate")))
	for _, c := range v.r.Categories {
		if c.Registered == 0 && c.Attended == 0 {
			continue
		}
		row := []string{v.categoryName(c.Category), num(c.Registered)}
		for _, d := range v.r.Days {
			row = append(row, num(c.ByDay[d]))
		}
		write(append(row, num(c.Attended), w.pct(c.Attended, c.Registered)))
	}
	row := []string{w.s("total"), num(t.Registered)}
	for _, d := range v.r.Days {
		row = append(row, num(t.ByDay[d]))
	}
	write(append(row, num(t.Attended), w.pct(t.Attended, t.Registered)))

	write(nil, []string{w.s("by_checkpoint")})
	keys := v.refusalKeys()
	h = []string{w.s("day"), w.s("checkpoint_id"), w.s("checkpoint"), w.s("room"), w.s("starts"), w.s("ends"), w.s("capacity"),
		w.s("admitted"), w.s("entries"), w.s("exits"), w.s("peak_short"), w.s("peak_at"), w.s("fill"), w.s("refused"), w.s("doubles")}
	for _, k := range keys {
		h = append(h, w.s("refused")+" : "+w.s(k))
	}
	write(h)
	local := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(v.o.Loc).Format("2006-01-02 15:04")
	}
	for _, g := range v.checkpointGroups() {
		for _, r := range g.rows {
			day := r.day
			if day == "" {
				day = w.s("whole_event")
			}
			cp := ""
			if r.c.Capacity > 0 {
				cp = num(r.c.Capacity)
			}
			row := []string{day, r.c.ID, v.name(r.c), r.c.Room, local(r.c.StartsAt), local(r.c.EndsAt), cp,
				num(r.f.Attendees), num(r.f.Entries), num(r.f.Exits), num(r.f.PeakInside), local(r.f.PeakAt),
				fillIf(w, r.f.PeakInside, r.c.Capacity), num(r.f.RefusedTotal()), num(r.f.DoubleEntries)}
			for _, k := range keys {
				row = append(row, num(r.f.Refused[k]))
			}
			write(row)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
