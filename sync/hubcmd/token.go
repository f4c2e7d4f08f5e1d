package hubcmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/accueil/accueil/sync/hubstore"
)

// token prints the organisers' dashboard token, alone.
func (m *Main) token(ctx context.Context, args []string) error {
	c := m.command("token", "-data DIR [-rotate]")
	data := c.dataFlag()
	rotate := c.Bool("rotate", false, "make a new token: the old one stops working and every dashboard logs in again")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if *rotate {
		token, err := st.RotateDashboardToken(ctx)
		if err != nil {
			return fmt.Errorf("token: %w", err)
		}
		fmt.Fprintln(m.Stdout, token)
		fmt.Fprintln(m.Stderr, "New organisers' token: the old one no longer works, and every dashboard session has ended (a running hub closes them within a second).")
		return nil
	}
	token, err := st.DashboardToken(ctx)
	if errors.Is(err, hubstore.ErrNoEvent) {
		return fmt.Errorf("token: %w", errNoEvent(*data))
	}
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	fmt.Fprintln(m.Stdout, token)
	return nil
}
