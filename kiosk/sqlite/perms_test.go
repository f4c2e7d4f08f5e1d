package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/accueil/accueil/kiosk/sqlite"
)

// A kiosk's data folder holds its hub credentials and the roster's names:
// one left open to others (copied by hand, unpacked from an archive, set
// up by a script) is made private again at the next start, with its
// database.
func TestOpenMakesDataFolderPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kiosk")
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db := filepath.Join(dir, sqlite.FileName)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}

	st, err = sqlite.Open(dir) // the next start
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
