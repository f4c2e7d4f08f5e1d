package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Backup copies the database to path with SQLite's online backup, as one
// consistent snapshot while writers go on (WAL lets them), then makes the
// copy durable and puts it in place in one rename: path is either the old
// file or the whole new copy, never half of one.
func (d *DB) Backup(ctx context.Context, path string) error {
	tmp := path + ".partial"
	_ = os.Remove(tmp)
	// SQLite would create the copy 0644: made here first, empty, it keeps
	// 0600, since it holds everything the store does.
	err := createPrivate(tmp)
	if err == nil {
		err = copyDatabase(ctx, d.Reader, tmp)
	}
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return WrapWriteErr(fmt.Errorf("back up %s to %s: %w", d.Path, path, err))
	}
	return nil
}

// createPrivate creates an empty file at path readable by its owner only.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// copyDatabase runs the backup from one of pool's connections into a new
// file at dst.
func copyDatabase(ctx context.Context, pool *sql.DB, dst string) error {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		src, ok := driverConn.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("not a SQLite connection: %T", driverConn)
		}
		raw, err := (&sqlite3.SQLiteDriver{}).Open("file:" + dst + "?_journal_mode=DELETE&_synchronous=FULL")
		if err != nil {
			return err
		}
		out := raw.(*sqlite3.SQLiteConn)
		defer out.Close()
		b, err := out.Backup("main", src, "main")
		if err != nil {
			return err
		}
		// One step for the whole file: the copy is the snapshot of one read
		// transaction. Smaller steps would start over whenever the hub
		// writes between two of them, which it does all day.
		done, stepErr := b.Step(-1)
		finishErr := b.Finish()
		switch {
		case stepErr != nil:
			return stepErr
		case finishErr != nil:
			return finishErr
		case !done:
			return errors.New("backup did not complete")
		}
		return nil
	})
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// CheckIntegrity runs SQLite's integrity check on the file at path, opened
// read-only: a backup is worth only what restores.
func CheckIntegrity(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict); err != nil {
		return fmt.Errorf("%s is not a database: %w", path, err)
	}
	if verdict != "ok" {
		return fmt.Errorf("%s is damaged: %s", path, verdict)
	}
	return nil
}
