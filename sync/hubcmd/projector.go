package hubcmd

import (
	"context"
	"fmt"
	"net/url"
)

// projector switches the projector view on or off. On, it prints the view's
// URL: it carries a read-only key of its own, so the office projector
// shows the counts without knowing the organisers' token. Off forgets the
// key; a running hub cuts connected projectors off within a second.
func (m *Main) projector(ctx context.Context, args []string) error {
	c := m.command("projector", "-data DIR on|off")
	c.dataFlag()
	pos, err := c.parse(args, 1, "on or off")
	if err != nil {
		return err
	}
	var on bool
	switch pos[0] {
	case "on":
		on = true
	case "off":
	default:
		return usageError{fmt.Errorf("projector: %q is neither on nor off (usage: hub projector %s)", pos[0], c.synopsis)}
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	key, err := st.SetProjector(ctx, on)
	if err != nil {
		return fmt.Errorf("projector: %w", err)
	}
	if !on {
		fmt.Fprintln(m.Stderr, "projector view off")
		return nil
	}
	// The address a hub last served on, as kiosks dial it; the default
	// address when no hub has served this folder yet.
	info, ok, err := readServeInfo(*c.data)
	if err != nil {
		return fmt.Errorf("projector: %w", err)
	}
	if !ok {
		info = serveInfo{Hub: defaultAddr}
	}
	fmt.Fprintln(m.Stdout, info.url("/projector?key="+url.QueryEscape(key)))
	return nil
}
