package badgepdf

import (
	"fmt"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// EventDates fills ev's dates, in French and English, from the first to the
// last day the checkpoints' time windows cover in loc (nil: UTC); they stay
// empty when no checkpoint has a time. The hub's `hub badges` and a desk's
// printer both use it, so a reprinted badge matches the first one.
func EventDates(ev *Event, cps []kiosk.Checkpoint, loc *time.Location) {
	if loc == nil {
		loc = time.UTC
	}
	var first, last time.Time
	for _, c := range cps {
		for _, t := range []time.Time{c.StartsAt, c.EndsAt} {
			if t.IsZero() {
				continue
			}
			if first.IsZero() || t.Before(first) {
				first = t
			}
			if last.IsZero() || t.After(last) {
				last = t
			}
		}
	}
	if first.IsZero() {
		return
	}
	ev.Dates = Dates(first.In(loc), last.In(loc), kiosk.French)
	ev.DatesEN = Dates(first.In(loc), last.In(loc), kiosk.English)
}

var months = map[kiosk.Language][12]string{
	kiosk.French: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		"septembre", "octobre", "novembre", "décembre"},
	kiosk.English: {"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"},
}

// Dates writes a span of days as a programme does: in French
// "4 juillet 2016", "4–5 juillet 2016", "30 juin – 1er juillet 2016"; in
// English "4 July 2016", "4–5 July 2016", "30 June – 1 July 2016".
func Dates(from, to time.Time, lang kiosk.Language) string {
	day := func(t time.Time) string {
		if t.Day() == 1 && lang == kiosk.French {
			return "1er"
		}
		return fmt.Sprint(t.Day())
	}
	names := months[lang]
	if lang != kiosk.English {
		names = months[kiosk.French]
	}
	month := func(t time.Time) string { return names[t.Month()-1] }
	switch {
	case from.Year() != to.Year():
		return fmt.Sprintf("%s %s %d – %s %s %d", day(from), month(from), from.Year(), day(to), month(to), to.Year())
	case from.Month() != to.Month():
		return fmt.Sprintf("%s %s – %s %s %d", day(from), month(from), day(to), month(to), to.Year())
	case from.Day() != to.Day():
		return fmt.Sprintf("%s–%s %s %d", day(from), day(to), month(to), to.Year())
	}
	return fmt.Sprintf("%s %s %d", day(from), month(from), from.Year())
}
