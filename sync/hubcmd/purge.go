package hubcmd

import (
	"context"
	"fmt"
)

// purge removes personal data from the hub after the event; the scans and
// the attendees' ids and categories stay for the attendance figures.
func (m *Main) purge(ctx context.Context, args []string) error {
	c := m.command("purge", "-data DIR")
	c.dataFlag()
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	stats, err := st.Purge(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "purged the personal data of %s; scans and counts are kept\n", plural(stats.Attendees, "attendee"))
	return nil
}
