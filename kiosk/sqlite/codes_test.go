package sqlite_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// Outside codes distinctive enough to be found in a database file's bytes.
const (
	secretA = "EXT-SECRET-7Q2"
	secretB = "ZX81-QUOKKA-5"
	secretC = "HASHED-ONLY-99"
)

func codedRoster() []kiosk.Attendee {
	return []kiosk.Attendee{
		{ID: "C1", FirstName: "Jean", LastName: "Dupont", Category: kiosk.CategoryVisitor, Language: kiosk.French, Code: secretA},
		{ID: "C2", FirstName: "Awa", LastName: "Diallo", Category: kiosk.CategoryVisitor, Language: kiosk.French, Code: secretB},
		{ID: "C3", FirstName: "Ada", LastName: "Lovelace", Category: kiosk.CategorySpeaker, Language: kiosk.English},
	}
}

// onDisk returns which of secrets the data folder's files hold, in any
// case (a scanner with Caps Lock on types the lower-case form, and the
// search index folds words to lower case), looked for in the WAL as the
// last commits left it, then in every file after a checkpoint.
func onDisk(t *testing.T, dir string, secrets ...string) []string {
	t.Helper()
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
					if bytes.Contains(b, []byte(form)) && !strings.Contains(strings.Join(found, " "), e.Name()+":"+form) {
						found = append(found, e.Name()+":"+form)
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
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(FULL)"); err != nil {
		t.Fatal(err)
	}
	look()
	return found
}

func openWith(t *testing.T, dir string, settings map[string]string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if settings != nil {
		if err := st.SetSettings(ctx, settings); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func scanCode(t *testing.T, st *sqlite.Store, payload string) kiosk.Result {
	t.Helper()
	s := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016"), Recorder: st, Kiosk: "k", Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	res, err := s.Scan(ctx, payload)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func admits(t *testing.T, st *sqlite.Store, payload, id string) {
	t.Helper()
	if res := scanCode(t, st, payload); res.Scan.Verdict != kiosk.VerdictAccepted || res.Attendee.ID != id {
		t.Errorf("%s: %s for %q, want accepted for %s", payload, res.Scan.Verdict, res.Attendee.ID, id)
	}
}

var selfKiosk = map[string]string{kiosk.SettingEvent: "faic2016", kiosk.SettingHubRole: "self"}

// A self kiosk holds hashes only, whether the hub sends the hash (as it
// does now for every kiosk but a desk) or, being older, the code itself;
// it still admits each badge by its code, typed in lower case too.
func TestSelfKioskKeepsCodesHashed(t *testing.T) {
	dir := t.TempDir()
	st := openWith(t, dir, selfKiosk)
	list := codedRoster()
	list[2].CodeHash = kiosk.CodeHash("faic2016", secretC)
	if err := st.ApplyRoster(ctx, 1, list); err != nil {
		t.Fatal(err)
	}
	if found := onDisk(t, dir, secretA, secretB, secretC); len(found) > 0 {
		t.Errorf("the self kiosk's files hold outside codes: %q", found)
	}
	if a, err := st.Attendee(ctx, "C1"); err != nil || a.Code != "" || a.Name() != "Jean Dupont" {
		t.Errorf("C1 = %+v, %v", a, err)
	}
	if got, _ := st.Search(ctx, "secret", 5); len(got) != 0 {
		t.Errorf("search by code on a self kiosk finds %+v", got)
	}
	admits(t, st, secretA, "C1")
	admits(t, st, strings.ToLower(secretB), "C2")
	admits(t, st, secretC, "C3")
	if res := scanCode(t, st, "EXT-SECRET-7Q3"); res.Scan.Verdict != kiosk.VerdictUnknownBadge {
		t.Errorf("a near code: %s", res.Scan.Verdict)
	}
}

// A desk keeps the codes: staff search by them and print them on badges.
func TestDeskKeepsCodes(t *testing.T) {
	dir := t.TempDir()
	st := openWith(t, dir, map[string]string{kiosk.SettingEvent: "faic2016", kiosk.SettingHubRole: "desk"})
	if err := st.ApplyRoster(ctx, 1, codedRoster()); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Search(ctx, "ext-secret", 5); err != nil || len(got) != 1 || got[0].Code != secretA {
		t.Errorf("search by code = %+v, %v", got, err)
	}
	if _, payload, kind, err := st.BadgePayload(ctx, "C2"); err != nil || payload != secretB || kind != kiosk.PayloadCode {
		t.Errorf("badge of C2 = %q %q %v", payload, kind, err)
	}
	admits(t, st, strings.ToLower(secretA), "C1")
	if found := onDisk(t, dir, secretA); len(found) == 0 {
		t.Error("the desk's files do not hold its codes: the search for them in files finds nothing")
	}
}

// A kiosk with no hub keeps the codes of its operator's roster file: staff
// may turn it into a desk at any time.
func TestLocalImportKeepsCodes(t *testing.T) {
	st := openWith(t, t.TempDir(), map[string]string{kiosk.SettingEvent: "faic2016"})
	if _, err := st.ImportAttendees(ctx, codedRoster(), nil); err != nil {
		t.Fatal(err)
	}
	if a, _ := st.Attendee(ctx, "C1"); a.Code != secretA {
		t.Errorf("C1's code = %q", a.Code)
	}
	admits(t, st, secretA, "C1")
}

// A kiosk that held plain codes and then joins a hub in a role other than
// desk forgets them at once, from its files too.
func TestEnrollingAsSelfForgetsPlainCodes(t *testing.T) {
	dir := t.TempDir()
	st := openWith(t, dir, nil)
	if _, err := st.ImportAttendees(ctx, codedRoster(), nil); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSettings(ctx, selfKiosk); err != nil {
		t.Fatal(err)
	}
	if found := onDisk(t, dir, secretA, secretB); len(found) > 0 {
		t.Errorf("files still hold outside codes: %q", found)
	}
	admits(t, st, secretA, "C1")
	admits(t, st, strings.ToLower(secretB), "C2")
}

// The demo installs its roster before it names its event: the hashes follow
// the event once it is set.
func TestEventSetAfterImport(t *testing.T) {
	st := openWith(t, t.TempDir(), nil)
	if _, err := st.ImportAttendees(ctx, codedRoster(), nil); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSettings(ctx, map[string]string{kiosk.SettingEvent: "demo"}); err != nil {
		t.Fatal(err)
	}
	admits(t, st, secretA, "C1")
}

// A store written before codes were hashed (schema 5) gets its hashes when
// it is opened; a self kiosk's store loses its plain codes then too.
func TestOpenHashesCodesOfOlderStores(t *testing.T) {
	for _, role := range []string{"", "desk", "self", "session"} {
		t.Run("role "+role, func(t *testing.T) {
			dir := t.TempDir()
			st, err := sqlite.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			settings := map[string]string{kiosk.SettingEvent: "faic2016"}
			if err := st.SetSettings(ctx, settings); err != nil {
				t.Fatal(err)
			}
			if _, err := st.ImportAttendees(ctx, codedRoster(), nil); err != nil {
				t.Fatal(err)
			}
			st.Close()
			downgradeToSchema5(t, dir, role)

			st = openWith(t, dir, nil)
			a, _ := st.Attendee(ctx, "C1")
			// Looked for before any scan: a scan keeps its payload until
			// the hub has it.
			found := onDisk(t, dir, secretA, secretB)
			admits(t, st, secretA, "C1")
			admits(t, st, strings.ToLower(secretB), "C2")
			if keeps := role == "" || role == "desk"; keeps != (a.Code == secretA) || keeps != (len(found) > 0) {
				t.Errorf("role %q: C1's code %q, files hold %q", role, a.Code, found)
			}
		})
	}
}

// downgradeToSchema5 makes a store look like one written before migration
// 0006: no code_hash column, and the role set as enrollment set it.
func downgradeToSchema5(t *testing.T, dir, role string) {
	t.Helper()
	downgradeToSchema6(t, dir, nil)
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"DROP INDEX attendees_code_hash",
		"ALTER TABLE attendees DROP COLUMN code_hash",
		"DELETE FROM settings WHERE key LIKE 'codes_%'",
		"PRAGMA user_version = 5",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if role != "" {
		if _, err := db.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", kiosk.SettingHubRole, role); err != nil {
			t.Fatal(err)
		}
	}
}
