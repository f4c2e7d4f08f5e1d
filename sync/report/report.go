// Package report lays out the attendance report organisers owe their
// funders (hub export -report), as CSV for a spreadsheet or as a printable
// A4 PDF, in French or English. It holds counts only, never a name: the
// store computes them (hubstore.Report) and this package lays them out.
package report

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// Options are the choices of the one making the report.
type Options struct {
	Lang kiosk.Language
	// Loc is the event's time zone: days and times are read in it.
	Loc *time.Location
	// Venue is printed under the title; the demo event knows its own.
	Venue string
	// Now is when the report is made, printed on it; tests fix it.
	Now time.Time
}

// View is the report laid out in rows, shared by the CSV and the PDF.
type View struct {
	w         words
	r         hubstore.Report
	o         Options
	eventName string
	venue     string
	days      []time.Time // r.Days at midnight in the event's zone
}

// New lays out r, the figures the store computed for event ev.
func New(ev hubstore.Event, r hubstore.Report, o Options) *View {
	v := &View{w: words{en: o.Lang == kiosk.English}, r: r, o: o, eventName: ev.Name, venue: o.Venue}
	if v.eventName == "" {
		v.eventName = ev.ID
	}
	// The demo event knows its venue and English name; a real event's
	// venue comes from -venue (the hub stores no venue).
	if demo, err := assets.DemoEvent(); err == nil && demo.ID == ev.ID {
		if v.venue == "" {
			v.venue = demo.Venue
		}
		if v.w.en && demo.NameEN != "" {
			v.eventName = demo.NameEN
		}
	}
	for _, d := range r.Days {
		t, err := time.ParseInLocation(time.DateOnly, d, o.Loc)
		if err != nil {
			t = time.Time{} // the store writes DateOnly: cannot happen
		}
		v.days = append(v.days, t)
	}
	return v
}

// dates is the event's span in words.
func (v *View) dates() string {
	switch len(v.days) {
	case 0:
		return "–"
	case 1:
		return v.w.longDay(v.days[0])
	}
	sep := " – "
	return v.w.longDay(v.days[0]) + sep + v.w.longDay(v.days[len(v.days)-1])
}

// heading is the report's identity: label and value pairs.
func (v *View) heading() [][2]string {
	gen := v.o.Now.In(v.o.Loc)
	out := [][2]string{{v.w.s("event"), v.eventName}}
	if v.venue != "" {
		out = append(out, [2]string{v.w.s("venue"), v.venue})
	}
	return append(out,
		[2]string{v.w.s("dates"), v.dates()},
		[2]string{v.w.s("zone"), v.o.Loc.String()},
		[2]string{v.w.s("generated"), v.w.longDay(gen) + " " + gen.Format("15:04")})
}

// summary is the event's totals as label and value pairs.
func (v *View) summary() [][2]string {
	t, w := v.r.Totals, v.w
	return [][2]string{
		{w.s("registered"), w.int(t.Registered)},
		{w.s("attended"), w.int(t.Attended)},
		{w.s("rate"), w.pct(t.Attended, t.Registered)},
		{w.s("attended_session"), w.int(t.AttendedSession)},
		{w.s("entries"), w.int(t.Entries)},
		{w.s("scans"), w.int(t.Scans)},
		{w.s("refused"), w.int(t.Refused)},
		{w.s("doubles"), w.int(t.DoubleEntries)},
		{w.s("undone"), w.int(t.Undone)},
	}
}

// dayFigures are one day's totals.
type dayFigures struct {
	attended, sessions, refused, doubles int
	peak                                 hubstore.Figures
}

func (v *View) day(d string) dayFigures {
	var f dayFigures
	for _, c := range v.r.Checkpoints {
		bd := c.ByDay[d]
		f.refused += bd.RefusedTotal()
		f.doubles += bd.DoubleEntries
		switch {
		case c.ID == kiosk.EntranceID:
			f.attended, f.peak = bd.Attendees, bd
		case c.Kind == kiosk.KindSession:
			f.sessions += bd.Attendees
		}
	}
	return f
}

func (v *View) dayHeader() []string {
	w := v.w
	return []string{w.s("day"), w.s("day_attended"), w.s("peak"), w.s("peak_at"), w.s("session_att"), w.s("refused"), w.s("doubles")}
}

// dayRows are the figures of each day, then the whole event's.
func (v *View) dayRows() [][]string {
	var rows [][]string
	w := v.w
	for i, d := range v.r.Days {
		f := v.day(d)
		rows = append(rows, []string{w.longDay(v.days[i]), w.int(f.attended), w.int(f.peak.PeakInside), v.clock(f.peak.PeakAt, false),
			w.int(f.sessions), w.int(f.refused), w.int(f.doubles)})
	}
	if len(rows) == 1 {
		return rows // the whole event is that day
	}
	var sessions int
	for _, c := range v.r.Checkpoints {
		if c.Kind == kiosk.KindSession {
			sessions += c.Total.Attendees
		}
	}
	var entrance hubstore.Figures
	if len(v.r.Checkpoints) > 0 {
		entrance = v.r.Checkpoints[0].Total // the store lists the entrance first
	}
	t := v.r.Totals
	return append(rows, []string{w.s("whole_event"), w.int(t.Attended), w.int(entrance.PeakInside), v.clock(entrance.PeakAt, true),
		w.int(sessions), w.int(t.Refused), w.int(t.DoubleEntries)})
}

// clock is a time of day in the event's zone, with the date when the row
// covers several days; empty for no time.
func (v *View) clock(t time.Time, withDate bool) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(v.o.Loc)
	if withDate {
		if v.w.en {
			return t.Format("2 Jan 15:04")
		}
		return t.Format("02/01 15:04")
	}
	return t.Format("15:04")
}

func (v *View) categoryName(c kiosk.Category) string {
	if c == "" {
		return v.w.s("not_in_roster")
	}
	return v.w.s("category_" + string(c))
}

func (v *View) categoryHeader() []string {
	h := []string{v.w.s("category"), v.w.s("registered")}
	for _, d := range v.days {
		h = append(h, v.shortDay(d))
	}
	return append(h, v.w.s("whole_event"), v.w.s("rate"))
}

// shortDay heads a day's column: "lun. 4/07" or "Mon 4 Jul".
func (v *View) shortDay(d time.Time) string {
	wd := strings.Fields(v.w.s("weekdays"))[d.Weekday()]
	if v.w.en {
		return wd[:3] + " " + d.Format("2 Jan")
	}
	return wd[:3] + ". " + d.Format("2/01")
}

// categoryRows are the categories with anybody registered or admitted,
// then the total.
func (v *View) categoryRows() [][]string {
	w := v.w
	var rows [][]string
	for _, c := range v.r.Categories {
		if c.Registered == 0 && c.Attended == 0 {
			continue
		}
		row := []string{v.categoryName(c.Category), w.int(c.Registered)}
		for _, d := range v.r.Days {
			row = append(row, w.int(c.ByDay[d]))
		}
		rows = append(rows, append(row, w.int(c.Attended), w.pct(c.Attended, c.Registered)))
	}
	t := v.r.Totals
	row := []string{w.s("total"), w.int(t.Registered)}
	for _, d := range v.r.Days {
		row = append(row, w.int(t.ByDay[d]))
	}
	return append(rows, append(row, w.int(t.Attended), w.pct(t.Attended, t.Registered)))
}

// cpRow is one checkpoint's figures over a day or the whole event.
type cpRow struct {
	day string // "" for the whole event
	c   hubstore.CheckpointReport
	f   hubstore.Figures
}

// cpGroup is the checkpoints of one day, or of the whole event.
type cpGroup struct {
	title string
	day   string
	rows  []cpRow
}

// checkpointGroups lays the checkpoints out by day: each session on the
// day it starts; the entrance (and any checkpoint with no time window) on
// every day, and over the whole event in a last group.
func (v *View) checkpointGroups() []cpGroup {
	var groups []cpGroup
	for i, d := range v.r.Days {
		g := cpGroup{title: v.w.longDay(v.days[i]), day: d}
		for _, c := range v.r.Checkpoints {
			switch {
			case c.StartsAt.IsZero():
				if f, ok := c.ByDay[d]; ok || c.ID == kiosk.EntranceID {
					g.rows = append(g.rows, cpRow{day: d, c: c, f: f})
				}
			case c.StartsAt.In(v.o.Loc).Format(time.DateOnly) == d:
				g.rows = append(g.rows, cpRow{day: d, c: c, f: c.Total})
			}
		}
		// Sessions by start time, the open-all-day checkpoints first.
		slices.SortStableFunc(g.rows, func(a, b cpRow) int { return a.c.StartsAt.Compare(b.c.StartsAt) })
		groups = append(groups, g)
	}
	g := cpGroup{title: v.w.s("whole_event")}
	for _, c := range v.r.Checkpoints {
		if c.StartsAt.IsZero() {
			g.rows = append(g.rows, cpRow{c: c, f: c.Total})
		}
	}
	if len(v.r.Days) > 1 || len(v.r.Days) == 0 {
		groups = append(groups, g)
	}
	return groups
}

// name is the checkpoint's name in the report's language.
func (v *View) name(c hubstore.CheckpointReport) string {
	n := c.DisplayName(kiosk.Language(map[bool]string{true: "en", false: "fr"}[v.w.en]))
	if !c.Known {
		n += " " + v.w.s("unknown_cp")
	}
	return n
}

// window is a session's time window, "09:30–11:00".
func (v *View) window(c kiosk.Checkpoint) string {
	if c.StartsAt.IsZero() && c.EndsAt.IsZero() {
		return ""
	}
	return v.clock(c.StartsAt, false) + "–" + v.clock(c.EndsAt, false)
}

func (v *View) capacity(c kiosk.Checkpoint) string {
	if c.Capacity == 0 {
		return ""
	}
	return v.w.int(c.Capacity)
}

// maxRefusalColumns bounds the reasons the PDF shows side by side; the
// rarer ones are added up in an "other" column.
const maxRefusalColumns = 6

// refusalMatrix lays out each checkpoint's refusals over the event, one
// column per reason that occurred (the commonest, the rest added up), then
// the total; the last row is the total of every checkpoint.
func (v *View) refusalMatrix() (header []string, rows [][]string) {
	totals := map[string]int{}
	for _, c := range v.r.Checkpoints {
		for k, n := range c.Total.Refused {
			totals[k] += n
		}
	}
	var keys []string
	for _, k := range v.refusalKeys() {
		if totals[k] > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	other := false
	if len(keys) > maxRefusalColumns {
		// Keep the commonest, in their usual order.
		byCount := slices.Clone(keys)
		slices.SortStableFunc(byCount, func(a, b string) int { return totals[b] - totals[a] })
		keep := byCount[:maxRefusalColumns-1]
		keys = slices.DeleteFunc(keys, func(k string) bool { return !slices.Contains(keep, k) })
		other = true
	}
	header = []string{v.w.s("checkpoint")}
	for _, k := range keys {
		header = append(header, v.w.s(k))
	}
	if other {
		header = append(header, v.w.s("other"))
	}
	header = append(header, v.w.s("total"))
	line := func(name string, refused map[string]int) []string {
		r := []string{name}
		rest, all := 0, 0
		for k, n := range refused {
			all += n
			if !slices.Contains(keys, k) {
				rest += n
			}
		}
		for _, k := range keys {
			r = append(r, v.w.int(refused[k]))
		}
		if other {
			r = append(r, v.w.int(rest))
		}
		return append(r, v.w.int(all))
	}
	for _, c := range v.r.Checkpoints {
		if c.Total.RefusedTotal() > 0 {
			rows = append(rows, line(v.name(c), c.Total.Refused))
		}
	}
	return header, append(rows, line(v.w.s("total"), totals))
}

// refusalKeys are refusalKeys then any other key the scans hold.
func (v *View) refusalKeys() []string {
	seen := map[string]bool{}
	for _, k := range refusalKeys {
		seen[k] = true
	}
	extra := map[string]bool{}
	for _, c := range v.r.Checkpoints {
		for k := range c.Total.Refused {
			if !seen[k] {
				extra[k] = true
			}
		}
	}
	return append(slices.Clone(refusalKeys), slices.Sorted(maps.Keys(extra))...)
}

// fillIf is the peak's share of the capacity, empty when unlimited.
func fillIf(w words, peak, capacity int) string {
	if capacity <= 0 {
		return ""
	}
	return w.pct(peak, capacity)
}
