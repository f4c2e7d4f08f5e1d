package sqlite_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// Five wrong PINs lock the pad; a restart (a new Guard on the same store
// file) keeps the lock until its minute is over.
func TestPINLockSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := pin.Hash("2468")
	now := time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	g := pin.NewGuardWithState(hash, clock, st.PINState())
	for range pin.MaxTries {
		g.Check("0000")
	}
	st.Close()

	st, err = sqlite.Open(dir) // the kiosk restarted
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	g = pin.NewGuardWithState(hash, clock, st.PINState())
	if ok, locked, _ := g.Check("2468"); ok || locked <= 0 {
		t.Fatalf("right PIN after a restart during the lock: ok=%v locked=%s", ok, locked)
	}
	now = now.Add(pin.LockFor + time.Second)
	if ok, _, err := g.Check("2468"); !ok || err != nil {
		t.Fatalf("right PIN after the lock: %v %v", ok, err)
	}
	// A clock set back does not lock for as long as it jumped.
	for range pin.MaxTries {
		g.Check("0000")
	}
	now = now.Add(-24 * time.Hour)
	g = pin.NewGuardWithState(hash, clock, st.PINState())
	if _, locked, _ := g.Check("2468"); locked > pin.LockFor {
		t.Errorf("locked for %s after the clock went back", locked)
	}
}
