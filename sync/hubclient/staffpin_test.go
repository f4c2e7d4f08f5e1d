package hubclient_test

import (
	"context"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pin"
)

// The staff PIN set at the hub reaches every kiosk: at enrollment, and
// within a second when it changes.
func TestStaffPINFromHub(t *testing.T) {
	ctx := context.Background()
	v := newVenue(t, roster(3))
	first, _ := pin.Hash("2468")
	if err := v.store.SetStaffPIN(ctx, first); err != nil {
		t.Fatal(err)
	}
	d := v.door(t, t.TempDir(), "door-a")
	if got, _ := d.store.Setting(ctx, kiosk.SettingStaffPIN); got != first {
		t.Errorf("PIN after enrollment: %q", got)
	}
	second, _ := pin.Hash("13579")
	if err := v.store.SetStaffPIN(ctx, second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "new PIN at the kiosk", func() bool {
		got, _ := d.store.Setting(ctx, kiosk.SettingStaffPIN)
		return got == second
	})
	// A hash the kiosk cannot read is not kept.
	if err := v.store.SetStaffPIN(ctx, "not-a-hash"); err != nil {
		t.Fatal(err)
	}
	third, _ := pin.Hash("0000")
	if err := v.store.SetStaffPIN(ctx, third); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the next good PIN", func() bool {
		got, _ := d.store.Setting(ctx, kiosk.SettingStaffPIN)
		return got == third
	})
}
