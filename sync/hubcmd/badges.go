package hubcmd

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
	"github.com/accueil/accueil/kiosk/fold"
	"github.com/accueil/accueil/sync/hubstore"
)

// badgesPage is how many attendees are read from the store at a time.
const badgesPage = 2000

// badges prints the roster's badges, or the chosen attendees', to one PDF:
// each with the signed token a kiosk admits, the same one the hub gives a
// desk for reprints.
func (m *Main) badges(ctx context.Context, args []string) error {
	c := m.command("badges", "-data DIR -out FILE.pdf [-id ID ...] [-layout a6|a4] [-dates TEXT] [-venue TEXT]")
	c.dataFlag()
	out := c.String("out", "", "the PDF `file` to write (replaced whole)")
	layoutName := c.String("layout", "a6", "`a6`: one badge per A6 page; a4: four per A4 sheet, with crop marks")
	dates := c.String("dates", "", "the event's `dates` as printed (default: from the checkpoints' times)")
	venue := c.String("venue", "", "the `venue` printed under the event's name")
	var ids stringList
	c.Var(&ids, "id", "attendee `id` to print a badge for (repeatable; default: the whole roster)")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if *out == "" {
		return usageError{errors.New("badges: -out FILE.pdf is required")}
	}
	layout, err := parseBadgeLayout(*layoutName)
	if err != nil {
		return usageError{fmt.Errorf("badges: %w", err)}
	}
	// Before reading 1,500 attendees, not after.
	if dir := filepath.Dir(*out); !badgeFolderExists(dir) {
		return fmt.Errorf("badges: folder %s does not exist: create it or choose another -out", dir)
	}
	st, ev, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	people, err := badgeAttendees(ctx, st, ids)
	if err != nil {
		return fmt.Errorf("badges: %w", err)
	}
	if len(people) == 0 {
		return fmt.Errorf("badges: the roster of %s is empty: import one with 'hub roster import' first; nothing written", *c.data)
	}
	issues, err := st.BadgeIssues(ctx)
	if err != nil {
		return fmt.Errorf("badges: %w", err)
	}
	list := make([]badgepdf.Badge, 0, len(people))
	for _, a := range people {
		issue, ok := issues.Next(a.ID)
		if !ok {
			fmt.Fprintf(m.Stderr, "hub badges: %s (%s): every badge revoked, none printed\n", a.ID, a.Name())
			continue
		}
		tok, err := ev.PrivateKey.Sign(kiosk.Token{Event: ev.ID, AttendeeID: a.ID, Issue: issue})
		if err != nil {
			return fmt.Errorf("badges: %w", err)
		}
		b := badgepdf.Badge{ID: a.ID, FirstName: a.FirstName, LastName: a.LastName, Organisation: a.Organisation,
			Country: a.Country, Category: a.Category, Language: a.Language, Payload: tok}
		if miss := b.Missing(); len(miss) > 0 {
			fmt.Fprintf(m.Stderr, "hub badges: %s (%s): the font lacks %s, printed as □\n", a.ID, a.Name(), badgeRunes(miss))
		}
		list = append(list, b)
	}
	if len(list) == 0 {
		return errors.New("badges: no badge left to print: nothing written")
	}
	info, err := badgeEvent(ctx, st, ev)
	if err != nil {
		return fmt.Errorf("badges: %w", err)
	}
	if *dates != "" {
		info.Dates, info.DatesEN = *dates, *dates
	}
	if *venue != "" {
		info.Venue = *venue
	}
	err = writeFileAtomic(*out, func(w io.Writer) error {
		return badgepdf.Write(w, info, list, layout)
	})
	if err != nil {
		return fmt.Errorf("badges: %w", err)
	}
	pages := (len(list) + layout.PerPage() - 1) / layout.PerPage()
	fmt.Fprintf(m.Stdout, "%s on %s written to %s\n", plural(len(list), "badge"), plural(pages, strings.ToUpper(layout.String())+" page"), *out)
	return nil
}

func parseBadgeLayout(s string) (badgepdf.Layout, error) {
	switch strings.ToLower(s) {
	case "a6":
		return badgepdf.A6, nil
	case "a4":
		return badgepdf.A4Sheet, nil
	}
	return 0, fmt.Errorf("-layout %q: want a6 or a4", s)
}

func badgeFolderExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// badgeAttendees returns the chosen attendees in the order given, or the
// whole roster sorted by last name then first name: the order a badge
// table hands them out in.
func badgeAttendees(ctx context.Context, st *hubstore.Store, ids []string) ([]kiosk.Attendee, error) {
	if len(ids) > 0 {
		var out []kiosk.Attendee
		var unknown []string
		seen := make(map[string]bool, len(ids))
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			a, err := st.Attendee(ctx, id)
			if errors.Is(err, hubstore.ErrNotFound) {
				unknown = append(unknown, id)
				continue
			}
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
		if len(unknown) > 0 {
			return nil, fmt.Errorf("no attendee with id %s on the roster: nothing written", strings.Join(unknown, ", "))
		}
		return out, nil
	}
	var all []kiosk.Attendee
	var afterV int64
	afterID := ""
	for {
		page, versions, err := st.AttendeesAfter(ctx, afterV, afterID, badgesPage)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < badgesPage {
			break
		}
		afterV, afterID = versions[len(versions)-1], page[len(page)-1].ID
	}
	type key struct{ last, first string }
	keys := make(map[string]key, len(all))
	for _, a := range all {
		keys[a.ID] = key{fold.String(a.LastName), fold.String(a.FirstName)}
	}
	slices.SortFunc(all, func(a, b kiosk.Attendee) int {
		ka, kb := keys[a.ID], keys[b.ID]
		return cmp.Or(cmp.Compare(ka.last, kb.last), cmp.Compare(ka.first, kb.first), cmp.Compare(a.ID, b.ID))
	})
	return all, nil
}

// badgeEvent is what every badge says about the event: its name, from the
// store; for the demo event, its English name and venue too; its dates
// from the checkpoints' times, in the event's time zone.
func badgeEvent(ctx context.Context, st *hubstore.Store, ev hubstore.Event) (badgepdf.Event, error) {
	info := badgepdf.Event{Name: ev.Name}
	if demo, err := assets.DemoEvent(); err == nil && demo.ID == ev.ID {
		info.NameEN, info.Venue = demo.NameEN, demo.Venue
	}
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil || ev.TimeZone == "" {
		loc = time.UTC
	}
	cps, err := st.Checkpoints(ctx)
	if err != nil {
		return badgepdf.Event{}, err
	}
	badgepdf.EventDates(&info, cps, loc)
	return info, nil
}

// badgeRunes lists characters for a warning, with their code points, since
// the terminal may lack them too.
func badgeRunes(rs []rune) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return strings.Join(parts, ", ")
}
