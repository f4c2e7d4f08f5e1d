package sqlitedb_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/accueil/accueil/kiosk/sqlitedb"
)

// A data folder left open to others (copied by hand, unpacked from a
// backup) is made private again at the next open, with its database.
func TestOpenMakesFolderPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	migrations := fstest.MapFS{"0001.sql": {Data: []byte("CREATE TABLE t (x INTEGER) STRICT;")}}
	db, err := sqlitedb.Open(dir, "store.db", migrations, true)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "store.db"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = sqlitedb.Open(dir, "store.db", migrations, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "store.db"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", path, got, want)
		}
	}
}

// A backup is the whole store (on the hub, its signing key and the
// kiosks' credentials): it is readable by its owner only, wherever it goes.
func TestBackupIsPrivate(t *testing.T) {
	migrations := fstest.MapFS{"0001.sql": {Data: []byte("CREATE TABLE t (x INTEGER) STRICT;")}}
	db, err := sqlitedb.Open(t.TempDir(), "store.db", migrations, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := t.TempDir()
	if err := os.Chmod(out, 0o755); err != nil { // a USB stick's folder
		t.Fatal(err)
	}
	path := filepath.Join(out, "backup.db")
	if err := db.Backup(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("backup mode %#o, want 0600", got)
	}
}
