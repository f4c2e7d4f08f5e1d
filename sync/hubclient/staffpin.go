package hubclient

import (
	"context"
	"fmt"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pin"
)

// applyStaffPIN keeps the hub's staff PIN, once it is sure the hash is one
// the kiosk can check PINs against.
func (c *Client) applyStaffPIN(ctx context.Context, hash string) error {
	if err := pin.CheckHash(hash); err != nil {
		c.log.Warn("hub sent a staff PIN this kiosk cannot read: the PIN stays as it was", "err", err)
		return nil
	}
	old, err := c.cfg.Store.Setting(ctx, kiosk.SettingStaffPIN)
	if err == nil && old == hash {
		return nil
	}
	if err := c.cfg.Store.SetSettings(ctx, map[string]string{kiosk.SettingStaffPIN: hash}); err != nil {
		return fmt.Errorf("keep the hub's staff PIN: %w", err)
	}
	c.log.Info("staff PIN set by the hub")
	if c.cfg.OnStaffPIN != nil {
		c.cfg.OnStaffPIN(hash)
	}
	return nil
}
