package hubstore_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/accueil/accueil/sync/hubstore"
)

// The hub's data folder holds the event's signing key, the kiosks'
// credentials and every attendee's name: one left open to others (copied
// by hand, restored by a script) is made private again at the next open,
// by the server or any organiser's command, with its database.
func TestOpenMakesDataFolderPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hub")
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db := filepath.Join(dir, hubstore.FileName)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}

	st, err = hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, db: 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o after opening, want %#o", path, got, want)
		}
	}
}
