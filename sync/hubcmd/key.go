package hubcmd

import (
	"context"
	"fmt"
)

// keyRotate makes a new badge signing key. Badges printed from now on carry
// it; older badges stay valid until revoked. A running hub takes it within
// a second and its kiosks with their next welcome, without enrolling again.
func (m *Main) keyRotate(ctx context.Context, args []string) error {
	c := m.command("key rotate", "-data DIR")
	c.dataFlag()
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	pub, err := st.RotateKey(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "new badge key %02x: badges printed from now on carry it; older badges stay valid until revoked\n", pub.ID())
	fmt.Fprintf(m.Stderr, "A running hub takes it within a second; its connected kiosks at once, the others when they next connect. Reprint badges with 'hub badges'.\n")
	return nil
}
