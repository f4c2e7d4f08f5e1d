package hubclient_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/sync/protocol"
)

// secretsIn returns which of secrets (or their lower-case forms) the files
// of a kiosk's data folder hold: the WAL as the last commits left it, then
// every file after a checkpoint.
func secretsIn(t *testing.T, dir string, secrets ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	var found []string
	look := func() {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				for _, form := range []string{s, strings.ToLower(s)} {
					if k := e.Name() + ":" + form; bytes.Contains(b, []byte(form)) && !seen[k] {
						seen[k] = true
						found = append(found, k)
					}
				}
			}
		}
	}
	look()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("PRAGMA wal_checkpoint(FULL)"); err != nil {
		t.Fatal(err)
	}
	look()
	return found
}

// A self kiosk synced from a real hub never holds an outside code, yet
// admits the badge that carries it, typed in lower case too; a desk of the
// same hub holds the codes and finds attendees by them.
func TestOutsideCodesHashedOffTheDesk(t *testing.T) {
	const codeA, codeB = "EXT-SECRET-7Q2", "ZX81-QUOKKA-5"
	list := roster(20)
	list[0].Code, list[1].Code = codeA, codeB
	v := newVenue(t, list)
	ctx := context.Background()

	selfDir, deskDir, sessionDir := t.TempDir(), t.TempDir(), t.TempDir()
	self := v.doorAs(t, selfDir, "borne-1", protocol.RoleSelf, time.Now)
	desk := v.doorAs(t, deskDir, "accueil", protocol.RoleDesk, time.Now)
	session := v.doorAs(t, sessionDir, "salle-1", protocol.RoleSession, time.Now)
	for _, d := range []*door{self, desk, session} {
		eventually(t, "rosters", func() bool { n, _ := d.store.CountAttendees(ctx); return n == 20 })
	}

	// A walk-in registered at the desk reaches the other kiosks hashed.
	w, printed, err := desk.store.Desk("accueil", kiosk.EntranceID, time.Now).WalkIn(ctx, kiosk.Attendee{FirstName: "Zoé", LastName: "Martin"})
	if err != nil {
		t.Fatal(err)
	}
	desk.client.Notify()
	eventually(t, "the walk-in at the self kiosk", func() bool { _, err := self.store.Attendee(ctx, w.ID); return err == nil })

	for name, dir := range map[string]string{"self": selfDir, "session": sessionDir} {
		if found := secretsIn(t, dir, codeA, codeB, printed); len(found) > 0 {
			t.Errorf("the %s kiosk's files hold outside codes: %q", name, found)
		}
	}
	if found := secretsIn(t, deskDir, codeA, codeB, printed); len(found) == 0 {
		t.Error("the desk's files hold no code: the search of files is broken")
	}
	if a, err := self.store.Attendee(ctx, "A0001"); err != nil || a.Code != "" || a.Name() != "Awa Diallo 1" {
		t.Errorf("A0001 at the self kiosk = %+v, %v", a, err)
	}

	for _, c := range []struct{ payload, id string }{{codeA, "A0001"}, {strings.ToLower(codeB), "A0002"}, {strings.ToLower(printed), w.ID}} {
		if res := self.scan(t, c.payload); res.Scan.Verdict != kiosk.VerdictAccepted || res.Attendee.ID != c.id {
			t.Errorf("self kiosk, %s: %s for %q, want accepted for %s", c.payload, res.Scan.Verdict, res.Attendee.ID, c.id)
		}
	}
	session.station.Checkpoint = kiosk.EntranceID
	if res := session.scan(t, codeB); res.Attendee.ID != "A0002" {
		t.Errorf("session kiosk, %s: %s for %q", codeB, res.Scan.Verdict, res.Attendee.ID)
	}

	got, err := desk.store.Search(ctx, "ext-secret", 5)
	if err != nil || len(got) != 1 || got[0].ID != "A0001" || got[0].Code != codeA {
		t.Errorf("desk search by code = %+v, %v", got, err)
	}
	if a, err := desk.store.Attendee(ctx, "A0002"); err != nil || a.Code != codeB {
		t.Errorf("A0002 at the desk = %+v, %v", a, err)
	}
	if res := desk.scan(t, strings.ToLower(codeA)); res.Attendee.ID != "A0001" {
		t.Errorf("desk, %s: %s for %q", codeA, res.Scan.Verdict, res.Attendee.ID)
	}
}

// The hub sends plain codes only to the roles the role table gives badge
// secrets to (desks), and the kiosk's store keeps them by the same rule.
func TestKeepsCodesFollowsRoles(t *testing.T) {
	for _, r := range protocol.Roles {
		if sqlite.KeepsCodes(r) != protocol.RightsOf(r).BadgeTokens {
			t.Errorf("role %s: KeepsCodes = %v", r, sqlite.KeepsCodes(r))
		}
	}
	if !sqlite.KeepsCodes("") {
		t.Error("a kiosk without a hub must keep its operator's codes")
	}
}
