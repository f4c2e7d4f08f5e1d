package hubcmd

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/accueil/accueil/kiosk"

	"github.com/accueil/accueil/sync/hubstore"
)

// badgeRevoke revokes an attendee's current badge (reported lost), or all
// their badges with -all. Kiosks refuse it from their next update; desks
// receive the next badge's token at once, so a reprint replaces the lost
// badge with one that scans.
func (m *Main) badgeRevoke(ctx context.Context, args []string) error {
	c := m.command("badge revoke", "-data DIR ID [-all] [-reason TEXT]")
	c.dataFlag()
	all := c.Bool("all", false, "revoke every badge of the attendee, now and to come (someone who must not enter)")
	reason := c.String("reason", "lost", "why, for the record (shown to staff)")
	pos, err := c.parse(args, 1, "ID")
	if err != nil {
		return err
	}
	id := pos[0]
	if n := utf8.RuneCountInString(*reason); n > kiosk.MaxNoteLength {
		return usageError{fmt.Errorf("badge revoke: -reason is %d characters, at most %d", n, kiosk.MaxNoteLength)}
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.Attendee(ctx, id)
	if errors.Is(err, hubstore.ErrNotFound) {
		return fmt.Errorf("badge revoke: no attendee with id %s on the roster", id)
	}
	if err != nil {
		return fmt.Errorf("badge revoke: %w", err)
	}
	issues, err := st.BadgeIssues(ctx)
	if err != nil {
		return fmt.Errorf("badge revoke: %w", err)
	}
	current, ok := issues.Next(id)
	if !ok {
		return fmt.Errorf("badge revoke: every badge of %s is already revoked", id)
	}
	issue := current
	if *all {
		issue = 0
	}
	if _, err := st.Revoke(ctx, hubstore.Revocation{AttendeeID: id, Issue: issue, Reason: *reason}); err != nil {
		return fmt.Errorf("badge revoke: %w", err)
	}
	if *all {
		fmt.Fprintf(m.Stdout, "every badge of %s (%s) revoked: kiosks refuse them from their next update\n", id, a.Name())
		return nil
	}
	fmt.Fprintf(m.Stdout, "badge %d of %s (%s) revoked: kiosks refuse it from their next update; the next badge printed for them is number %d ('hub badges -id %s', or a desk's reprint)\n",
		current, id, a.Name(), current+1, id)
	return nil
}
