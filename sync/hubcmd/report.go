package hubcmd

// hub export -report: the attendance report organisers owe their funders,
// as CSV for a spreadsheet or as a printable A4 PDF, in French or English.
// It holds counts only, never a name: the store computes them
// (hubstore.Report) and this file lays them out.

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// reportOptions are the command line's choices for the report.
type reportOptions struct {
	out, format string
	lang        kiosk.Language
	loc         *time.Location
	venue       string
	// now is when the report is made; tests fix it.
	now time.Time
}

// writeReport computes the report and writes it as CSV or PDF.
func (m *Main) writeReport(ctx context.Context, st *hubstore.Store, ev hubstore.Event, o reportOptions) error {
	start := time.Now()
	if o.now.IsZero() {
		o.now = start
	}
	r, err := st.Report(ctx, o.loc)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	v := newReportView(ev, r, o)
	var pages int
	err = writeFileAtomic(o.out, func(w io.Writer) error {
		if o.format == "pdf" {
			pages, err = v.writePDF(w)
			return err
		}
		return v.writeCSV(w)
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	what := "CSV"
	if o.format == "pdf" {
		what = "PDF, " + plural(pages, "page")
	}
	fmt.Fprintf(m.Stdout, "wrote the attendance report (%s; %s, %s) to %s in %s\n", what,
		plural(len(r.Checkpoints), "checkpoint"), plural(r.Totals.Scans, "scan"), o.out, time.Since(start).Round(time.Millisecond))
	return nil
}

// reportText holds the report's words, French then English.
var reportText = map[string][2]string{
	"title":            {"Rapport de fréquentation", "Attendance report"},
	"event":            {"Événement", "Event"},
	"venue":            {"Lieu", "Venue"},
	"dates":            {"Dates", "Dates"},
	"zone":             {"Fuseau horaire", "Time zone"},
	"generated":        {"Généré le", "Generated"},
	"anonymous":        {"Chiffres anonymes : ce rapport ne contient aucun nom.", "Anonymous figures: this report holds no names."},
	"summary":          {"Synthèse", "Summary"},
	"registered":       {"Inscrits", "Registered"},
	"attended":         {"Personnes venues (admises à l’accueil au moins une fois)", "Attendees (admitted at the entrance at least once)"},
	"rate":             {"Taux de présence", "Attendance rate"},
	"attended_session": {"Personnes venues à au moins une session", "Attendees of at least one session"},
	"scans":            {"Passages de badge enregistrés", "Badge scans recorded"},
	"entries":          {"Entrées admises (tous points de contrôle)", "Admitted entries (all checkpoints)"},
	"refused":          {"Refus", "Refusals"},
	"doubles":          {"Doubles entrées", "Double entries"},
	"undone":           {"Enregistrements annulés à l’accueil", "Check-ins undone at the desk"},
	"by_day":           {"Par jour", "By day"},
	"day":              {"Jour", "Day"},
	"day_attended":     {"Personnes venues", "Attendees"},
	"peak":             {"Pic de présence à l’accueil", "Peak inside (entrance)"},
	"peak_short":       {"Pic de présence", "Peak inside"},
	"peak_at":          {"Heure du pic", "Peak time"},
	"session_att":      {"Présences en session", "Session attendance"},
	"other":            {"autres", "other"},
	"by_category":      {"Par catégorie (admis à l’accueil)", "By category (admitted at the entrance)"},
	"category":         {"Catégorie", "Category"},
	"whole_event":      {"Ensemble", "Whole event"},
	"total":            {"Total", "Total"},
	"by_checkpoint":    {"Par session et point de contrôle", "By session and checkpoint"},
	"checkpoint":       {"Session / point de contrôle", "Session / checkpoint"},
	"checkpoint_id":    {"Identifiant", "Id"},
	"room":             {"Salle", "Room"},
	"window":           {"Horaire", "Time"},
	"starts":           {"Début", "Starts"},
	"ends":             {"Fin", "Ends"},
	"capacity":         {"Capacité", "Capacity"},
	"admitted":         {"Personnes admises", "Attendees admitted"},
	"admitted_short":   {"Admis", "Admitted"},
	"exits":            {"Sorties", "Exits"},
	"fill":             {"Remplissage au pic", "Fill at peak"},
	"refusals":         {"Refus par motif", "Refusals by reason"},
	"reason":           {"Motif", "Reason"},
	"count":            {"Nombre", "Count"},
	"no_refusal":       {"Aucun refus.", "No refusals."},
	"page":             {"page %d / %s", "page %d of %s"},
	"notes": {"Une personne est comptée une fois par jour et par point de contrôle, quel que soit le nombre de ses passages ; un enregistrement annulé à l’accueil ne compte pas. Le pic de présence compte les entrées moins les sorties scannées, à partir de zéro chaque jour : là où les sorties ne sont pas scannées, il égale les entrées du jour. Heures du boîtier de contrôle, fuseau de l’événement.",
		"A person counts once per day and checkpoint however many times they were scanned; a check-in undone at the desk does not count. Peak inside counts entries minus scanned exits, from zero each day: where exits are not scanned it equals the day's entries. Times are the kiosks' clocks, in the event's time zone."},
	"not_in_roster": {"Hors liste", "Not in roster"},
	"unknown_cp":    {"(point de contrôle inconnu)", "(unknown checkpoint)"},

	"category_visitor":    {"Visiteur", "Visitor"},
	"category_speaker":    {"Intervenant", "Speaker"},
	"category_press":      {"Presse", "Press"},
	"category_delegation": {"Délégation", "Delegation"},
	"category_partner":    {"Partenaire", "Partner"},
	"category_staff":      {"Équipe", "Staff"},

	"already_checked_in":              {"déjà entré", "already checked in"},
	"unknown_badge":                   {"badge inconnu", "unknown badge"},
	"invalid_signature":               {"signature invalide", "invalid signature"},
	"revoked":                         {"badge révoqué", "revoked badge"},
	"wrong_event":                     {"badge d’un autre événement", "another event's badge"},
	"not_allowed_here":                {"non autorisé ici", "not allowed here"},
	"not_allowed_here/category":       {"catégorie non admise", "category not admitted"},
	"not_allowed_here/before_opening": {"avant l’ouverture", "before opening"},
	"not_allowed_here/after_closing":  {"après la fermeture", "after closing"},
	"room_full":                       {"salle pleine", "room full"},
	"unreadable":                      {"illisible", "unreadable"},

	"weekdays": {"dimanche lundi mardi mercredi jeudi vendredi samedi", "Sunday Monday Tuesday Wednesday Thursday Friday Saturday"},
	"months": {"janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
		"January February March April May June July August September October November December"},
}

// refusalKeys are the refusal columns of the CSV, in this order; other
// keys found in the scans follow.
var refusalKeys = []string{"already_checked_in", "unknown_badge", "invalid_signature", "revoked", "wrong_event",
	"not_allowed_here", "not_allowed_here/category", "not_allowed_here/before_opening", "not_allowed_here/after_closing",
	"room_full", "unreadable"}

// words is the report's text in one language.
type words struct{ en bool }

// s returns the text of key; an unknown key (a refusal reason newer than
// this table) is shown as is rather than dropped.
func (w words) s(key string) string {
	t, ok := reportText[key]
	if !ok {
		return key
	}
	if w.en {
		return t[1]
	}
	return t[0]
}

// int writes a count with the language's thousands separator (a no-break
// space in French, so that it never wraps).
func (w words) int(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	sep := "\u00a0"
	if w.en {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// pct writes a share as a percentage with one decimal; "–" for nothing
// to divide by.
func (w words) pct(n, of int) string {
	if of <= 0 {
		return "–"
	}
	s := strconv.FormatFloat(100*float64(n)/float64(of), 'f', 1, 64)
	if w.en {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}

// longDay is "lundi 4 juillet 2016" or "Monday 4 July 2016".
func (w words) longDay(t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", strings.Fields(w.s("weekdays"))[t.Weekday()], t.Day(), strings.Fields(w.s("months"))[t.Month()-1], t.Year())
}

// reportView is the report laid out in rows, shared by the CSV and the PDF.
type reportView struct {
	w         words
	r         hubstore.Report
	o         reportOptions
	eventName string
	venue     string
	days      []time.Time // r.Days at midnight in the event's zone
}

func newReportView(ev hubstore.Event, r hubstore.Report, o reportOptions) *reportView {
	v := &reportView{w: words{en: o.lang == kiosk.English}, r: r, o: o, eventName: ev.Name, venue: o.venue}
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
		t, err := time.ParseInLocation(time.DateOnly, d, o.loc)
		if err != nil {
			t = time.Time{} // the store writes DateOnly: cannot happen
		}
		v.days = append(v.days, t)
	}
	return v
}

// dates is the event's span in words.
func (v *reportView) dates() string {
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
func (v *reportView) heading() [][2]string {
	gen := v.o.now.In(v.o.loc)
	out := [][2]string{{v.w.s("event"), v.eventName}}
	if v.venue != "" {
		out = append(out, [2]string{v.w.s("venue"), v.venue})
	}
	return append(out,
		[2]string{v.w.s("dates"), v.dates()},
		[2]string{v.w.s("zone"), v.o.loc.String()},
		[2]string{v.w.s("generated"), v.w.longDay(gen) + " " + gen.Format("15:04")})
}

// summary is the event's totals as label and value pairs.
func (v *reportView) summary() [][2]string {
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

func (v *reportView) day(d string) dayFigures {
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

func (v *reportView) dayHeader() []string {
	w := v.w
	return []string{w.s("day"), w.s("day_attended"), w.s("peak"), w.s("peak_at"), w.s("session_att"), w.s("refused"), w.s("doubles")}
}

// dayRows are the figures of each day, then the whole event's.
func (v *reportView) dayRows() [][]string {
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
func (v *reportView) clock(t time.Time, withDate bool) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(v.o.loc)
	if withDate {
		if v.w.en {
			return t.Format("2 Jan 15:04")
		}
		return t.Format("02/01 15:04")
	}
	return t.Format("15:04")
}

func (v *reportView) categoryName(c kiosk.Category) string {
	if c == "" {
		return v.w.s("not_in_roster")
	}
	return v.w.s("category_" + string(c))
}

func (v *reportView) categoryHeader() []string {
	h := []string{v.w.s("category"), v.w.s("registered")}
	for _, d := range v.days {
		h = append(h, v.shortDay(d))
	}
	return append(h, v.w.s("whole_event"), v.w.s("rate"))
}

// shortDay heads a day's column: "lun. 4/07" or "Mon 4 Jul".
func (v *reportView) shortDay(d time.Time) string {
	wd := strings.Fields(v.w.s("weekdays"))[d.Weekday()]
	if v.w.en {
		return wd[:3] + " " + d.Format("2 Jan")
	}
	return wd[:3] + ". " + d.Format("2/01")
}

// categoryRows are the categories with anybody registered or admitted,
// then the total.
func (v *reportView) categoryRows() [][]string {
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
func (v *reportView) checkpointGroups() []cpGroup {
	var groups []cpGroup
	for i, d := range v.r.Days {
		g := cpGroup{title: v.w.longDay(v.days[i]), day: d}
		for _, c := range v.r.Checkpoints {
			switch {
			case c.StartsAt.IsZero():
				if f, ok := c.ByDay[d]; ok || c.ID == kiosk.EntranceID {
					g.rows = append(g.rows, cpRow{day: d, c: c, f: f})
				}
			case c.StartsAt.In(v.o.loc).Format(time.DateOnly) == d:
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
func (v *reportView) name(c hubstore.CheckpointReport) string {
	n := c.DisplayName(kiosk.Language(map[bool]string{true: "en", false: "fr"}[v.w.en]))
	if !c.Known {
		n += " " + v.w.s("unknown_cp")
	}
	return n
}

// window is a session's time window, "09:30–11:00".
func (v *reportView) window(c kiosk.Checkpoint) string {
	if c.StartsAt.IsZero() && c.EndsAt.IsZero() {
		return ""
	}
	return v.clock(c.StartsAt, false) + "–" + v.clock(c.EndsAt, false)
}

func (v *reportView) capacity(c kiosk.Checkpoint) string {
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
func (v *reportView) refusalMatrix() (header []string, rows [][]string) {
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
func (v *reportView) refusalKeys() []string {
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
