package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/accueil/accueil/kiosk/sqlitedb"
)

// BackupFiles are the data folder's files a restored hub needs besides
// its database: its TLS certificate and key (kiosks pin the certificate, so
// a new one would cut them all off) and the address kiosks dial.
var BackupFiles = []string{"hub.crt", "hub.key", "serve.json"}

// backupFilesTable carries BackupFiles inside the backup, so that a backup
// is one file to copy to a USB stick.
const backupFilesTable = "accueil_backup_files"

// BackupInfo says what a backup holds.
type BackupInfo struct {
	Path      string
	Bytes     int64
	Scans     int
	Attendees int
	Files     []string
}

// Backup writes a consistent copy of the whole hub to path while the hub
// serves (SQLite's online backup), with the files of BackupFiles inside.
// path is replaced in one rename, so a crash leaves the previous backup.
func (s *Store) Backup(ctx context.Context, path string) (BackupInfo, error) {
	info := BackupInfo{Path: path}
	tmp := path + ".tmp"
	if err := s.db.Backup(ctx, tmp); err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	err := func() error {
		db, err := sql.Open("sqlite3", "file:"+tmp+"?_journal_mode=DELETE&_synchronous=FULL")
		if err != nil {
			return err
		}
		defer db.Close()
		if _, err := db.ExecContext(ctx, "CREATE TABLE "+backupFilesTable+" (name TEXT PRIMARY KEY, content BLOB NOT NULL) STRICT"); err != nil {
			return err
		}
		for _, name := range BackupFiles {
			b, err := os.ReadFile(filepath.Join(s.Dir(), name))
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return err
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO "+backupFilesTable+" (name, content) VALUES (?, ?)", name, b); err != nil {
				return err
			}
			info.Files = append(info.Files, name)
		}
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM scans").Scan(&info.Scans); err != nil {
			return err
		}
		return db.QueryRowContext(ctx, "SELECT count(*) FROM attendees").Scan(&info.Attendees)
	}()
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return info, sqlitedb.WrapWriteErr(fmt.Errorf("backup to %s: %w", path, err))
	}
	if st, err := os.Stat(path); err == nil {
		info.Bytes = st.Size()
	}
	return info, nil
}

// Restore makes a new hub data folder dir from a backup file: the
// database, and the certificate and files it carries. dir must not hold a
// hub already. The restored hub presents a new generation, so that every
// kiosk sends again what the backup lacks and reads relays from its start.
func Restore(ctx context.Context, backup, dir string) (BackupInfo, error) {
	info := BackupInfo{Path: filepath.Join(dir, FileName)}
	if _, err := os.Stat(info.Path); err == nil {
		return info, fmt.Errorf("restore: %s already holds a hub: restore into a new, empty folder", dir)
	}
	if err := sqlitedb.CheckIntegrity(ctx, backup); err != nil {
		return info, fmt.Errorf("restore: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return info, fmt.Errorf("restore: %w", err)
	}
	tmp := info.Path + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		return info, fmt.Errorf("restore: %w", err)
	}
	err := func() error {
		db, err := sql.Open("sqlite3", "file:"+tmp+"?_journal_mode=DELETE&_synchronous=FULL")
		if err != nil {
			return err
		}
		defer db.Close()
		var hasFiles int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = ?", backupFilesTable).Scan(&hasFiles); err != nil {
			return fmt.Errorf("%s is not a hub backup: %w", backup, err)
		}
		var events int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM settings WHERE key = ?", settingEventID).Scan(&events); err != nil || events == 0 {
			return fmt.Errorf("%s is not a hub backup (no event in it)", backup)
		}
		if hasFiles == 0 {
			return nil
		}
		rows, err := db.QueryContext(ctx, "SELECT name, content FROM "+backupFilesTable)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var content []byte
			if err := rows.Scan(&name, &content); err != nil {
				return err
			}
			if filepath.Base(name) != name || name == FileName {
				return fmt.Errorf("%s carries a file named %q: not ours", backup, name)
			}
			if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
				return err
			}
			info.Files = append(info.Files, name)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		_, err = db.ExecContext(ctx, "DROP TABLE "+backupFilesTable)
		return err
	}()
	if err == nil {
		err = os.Rename(tmp, info.Path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return info, fmt.Errorf("restore: %w", err)
	}
	st, err := Open(dir)
	if err != nil {
		return info, fmt.Errorf("restore: %w", err)
	}
	defer st.Close()
	if _, err := st.NewGeneration(ctx); err != nil {
		return info, fmt.Errorf("restore: %w", err)
	}
	if err := st.db.Reader.QueryRowContext(ctx, "SELECT count(*) FROM scans").Scan(&info.Scans); err != nil {
		return info, fmt.Errorf("restore: %w", err)
	}
	_ = st.db.Reader.QueryRowContext(ctx, "SELECT count(*) FROM attendees").Scan(&info.Attendees)
	return info, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Generation names this hub's life: it changes when the hub is restored
// from a backup or a standby is promoted, and kiosks that see a new one
// send again what the hub may lack and read relays from the start.
func (s *Store) Generation(ctx context.Context) (string, error) {
	g, err := s.setting(ctx, s.db.Reader, settingGeneration)
	if errors.Is(err, ErrNotFound) {
		return s.NewGeneration(ctx)
	}
	if err != nil {
		return "", fmt.Errorf("read generation: %w", err)
	}
	return g, nil
}

// NewGeneration starts a new generation and returns it.
func (s *Store) NewGeneration(ctx context.Context) (string, error) {
	g := randomSecret(12)
	err := s.db.InTx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, settingGeneration, g) })
	if err != nil {
		return "", fmt.Errorf("new generation: %w", err)
	}
	return g, nil
}
