package hubclient

import (
	"context"
	"fmt"

	"github.com/accueil/accueil/kiosk/pin"
)

// SettingStaffPIN is the store setting holding the staff PIN's hash: set
// by the hub (`hub pin set`), or chosen at the first start of a kiosk that
// has no hub.
const SettingStaffPIN = "staff_pin"

// applyStaffPIN keeps the hub's staff PIN, once it is sure the hash is one
// the kiosk can check PINs against.
func (c *Client) applyStaffPIN(ctx context.Context, hash string) error {
	if err := pin.CheckHash(hash); err != nil {
		c.log.Warn("hub sent a staff PIN this kiosk cannot read: the PIN stays as it was", "err", err)
		return nil
	}
	old, err := c.cfg.Store.Setting(ctx, SettingStaffPIN)
	if err == nil && old == hash {
		return nil
	}
	if err := c.cfg.Store.SetSettings(ctx, map[string]string{SettingStaffPIN: hash}); err != nil {
		return fmt.Errorf("keep the hub's staff PIN: %w", err)
	}
	c.log.Info("staff PIN set by the hub")
	if c.cfg.OnStaffPIN != nil {
		c.cfg.OnStaffPIN(hash)
	}
	return nil
}
