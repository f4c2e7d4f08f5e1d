package sqlitedb_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/accueil/accueil/kiosk/sqlitedb"
)

func TestInFastTx(t *testing.T) {
	ctx := context.Background()
	migrations := fstest.MapFS{"0001.sql": {Data: []byte("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL, ok INTEGER NOT NULL) STRICT;")}}
	db, err := sqlitedb.Open(filepath.Join(t.TempDir(), "data"), "store.db", migrations, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const (
		insert = iota
		byID
	)
	stmts := sqlitedb.NewStatements("INSERT INTO t (name, n, ok) VALUES (?, ?, ?)", "SELECT name, n, ok FROM t WHERE id = ?")
	defer stmts.Close()
	failed := errors.New("failed")
	for _, tc := range []struct {
		name    string
		fn      func(tx *sqlitedb.FastTx) error
		wantErr error // nil: any error when fails
		fails   bool
		rows    int
	}{
		{"commits", func(tx *sqlitedb.FastTx) error {
			id, err := tx.Exec(insert, "Awa", 3, true)
			if err != nil {
				return err
			}
			var name string
			var n int
			var ok bool
			if err := tx.QueryRow(byID, id).Scan(&name, &n, &ok); err != nil {
				return err
			}
			if name != "Awa" || n != 3 || !ok {
				t.Errorf("read back %q %d %v", name, n, ok)
			}
			return nil
		}, nil, false, 1},
		{"rolls back when fn fails", func(tx *sqlitedb.FastTx) error {
			if _, err := tx.Exec(insert, "Moussa", int64(1), false); err != nil {
				return err
			}
			return failed
		}, failed, true, 1},
		{"no row is sql.ErrNoRows", func(tx *sqlitedb.FastTx) error {
			var name string
			var n int64
			var ok bool
			return tx.QueryRow(byID, 999).Scan(&name, &n, &ok)
		}, sql.ErrNoRows, true, 1},
		{"a failed statement rolls back", func(tx *sqlitedb.FastTx) error {
			if _, err := tx.Exec(insert, "Hélène", 2, false); err != nil {
				return err
			}
			_, err := tx.Exec(insert, nil, 2, false) // NOT NULL
			return err
		}, nil, true, 1},
		{"a wrong destination is an error", func(tx *sqlitedb.FastTx) error {
			var name, n, ok string
			return tx.QueryRow(byID, 1).Scan(&name, &n, &ok)
		}, nil, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.InFastTx(ctx, stmts, tc.fn)
			switch {
			case !tc.fails && err != nil:
				t.Error(err)
			case tc.fails && err == nil:
				t.Error("no error")
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
			var rows int
			if err := db.Reader.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if rows != tc.rows {
				t.Errorf("%d rows after, want %d", rows, tc.rows)
			}
			// The connection went back to the pool out of any transaction.
			if _, err := db.Writer.ExecContext(ctx, "BEGIN IMMEDIATE; ROLLBACK"); err != nil {
				t.Errorf("writer after: %v", err)
			}
		})
	}
}
