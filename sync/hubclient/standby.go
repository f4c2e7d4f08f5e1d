package hubclient

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/enroll"
)

// addresses are the hubs a kiosk may dial: its hub and, once known, the
// warm standby. The kiosk stays with the one that last answered and tries
// the other when it fails, so that it follows a promoted standby by
// itself, and does not go back to a dead laptop while the standby serves.
type addresses struct {
	primary   string
	standby   atomic.Pointer[string]
	onStandby atomic.Bool
}

// current is the address to dial now.
func (a *addresses) current() string {
	if a.onStandby.Load() {
		if s := a.standby.Load(); s != nil && *s != "" {
			return *s
		}
	}
	return a.primary
}

// failed moves to the other address, when there is one.
func (a *addresses) failed() {
	if s := a.standby.Load(); s != nil && *s != "" {
		a.onStandby.Store(!a.onStandby.Load())
	}
}

// learnStandby records the standby the hub names, in memory and in the
// store, for the next start.
func (a *addresses) learnStandby(ctx context.Context, st Store, addr string) error {
	if cur := a.standby.Load(); (cur == nil && addr == "") || (cur != nil && *cur == addr) {
		return nil
	}
	if addr != "" && enroll.ValidAddress(addr) != nil {
		return nil // a hub bug; the kiosk keeps what it had
	}
	a.standby.Store(&addr)
	return st.SetSettings(ctx, map[string]string{kiosk.SettingStandby: addr})
}

// loadAddresses reads the standby recorded in the store.
func loadAddresses(ctx context.Context, st Store, primary string) (*addresses, error) {
	a := &addresses{primary: primary}
	s, err := st.Setting(ctx, kiosk.SettingStandby)
	if err != nil && !errors.Is(err, kiosk.ErrNotFound) {
		return nil, err
	}
	a.standby.Store(&s)
	return a, nil
}
