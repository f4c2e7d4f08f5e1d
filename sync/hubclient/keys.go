package hubclient

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// takeKeys keeps the badge keys the hub's welcome names, so that badges
// signed after a key rotation (`hub key rotate`) are admitted without
// enrolling again. Only the kiosk's own hub, for the kiosk's own event,
// changes them: the welcome comes on the authenticated (and, off
// loopback, pinned) session.
func (c *Client) takeKeys(ctx context.Context, w *protocol.Welcome) error {
	if len(w.PublicKeys) == 0 {
		return nil
	}
	event, err := c.cfg.Store.Setting(ctx, kiosk.SettingEvent)
	if err != nil && !errors.Is(err, kiosk.ErrNotFound) {
		return err
	}
	if event != w.Event {
		c.log.Warn("hub's welcome names another event: badge keys kept", "event", event, "hub_event", w.Event)
		return nil
	}
	joined := strings.Join(w.PublicKeys, " ")
	if old, err := c.cfg.Store.Setting(ctx, kiosk.SettingPublicKeys); err == nil && old == joined {
		return nil
	}
	keys := make([]kiosk.PublicKey, len(w.PublicKeys))
	for i, s := range w.PublicKeys {
		if keys[i], err = kiosk.ParsePublicKey(s); err != nil {
			return fmt.Errorf("hub's badge keys: %w", err)
		}
	}
	if err := c.cfg.Store.SetSettings(ctx, map[string]string{kiosk.SettingPublicKeys: joined}); err != nil {
		return fmt.Errorf("keep the hub's badge keys: %w", err)
	}
	c.log.Info("badge keys taken from the hub", "keys", len(keys))
	if c.cfg.OnKeys != nil {
		c.cfg.OnKeys(keys)
	}
	return nil
}
