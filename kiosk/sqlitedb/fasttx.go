package sqlitedb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Statements are a hot path's statements, prepared once on the writer's
// driver connection and run by InFastTx.
type Statements struct {
	queries []string

	mu    sync.Mutex
	conn  *sqlite3.SQLiteConn
	stmts []*sqlite3.SQLiteStmt
}

// NewStatements names the statements InFastTx runs, by their index.
func NewStatements(queries ...string) *Statements {
	return &Statements{queries: queries}
}

// on returns the statements prepared on conn, preparing them when conn is
// not the connection they were prepared on (the first use, or the pool
// replaced a broken connection).
func (s *Statements) on(conn *sqlite3.SQLiteConn) ([]*sqlite3.SQLiteStmt, error) {
	if s.conn == conn {
		return s.stmts, nil
	}
	s.closeLocked()
	stmts := make([]*sqlite3.SQLiteStmt, len(s.queries))
	for i, q := range s.queries {
		st, err := conn.Prepare(q)
		if err != nil {
			for _, p := range stmts[:i] {
				p.Close()
			}
			return nil, fmt.Errorf("prepare %q: %w", q, err)
		}
		stmts[i] = st.(*sqlite3.SQLiteStmt)
	}
	s.conn, s.stmts = conn, stmts
	return stmts, nil
}

func (s *Statements) closeLocked() {
	for _, st := range s.stmts {
		st.Close()
	}
	s.conn, s.stmts = nil, nil
}

// Close finalizes the statements; it must run before the DB closes.
func (s *Statements) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeLocked()
}

// InFastTx runs fn in a write transaction (BEGIN IMMEDIATE) on the writer's
// connection, as InTx does, but on the driver connection itself, with
// stmts: database/sql starts a goroutine for every transaction and for
// every query in it to watch their contexts, and on a two-core kiosk the
// thread wake-ups this costs weighed more than the scan's SQL. So that it
// needs no watcher, the transaction cannot be cancelled: it runs to its
// commit (fsync included) or fails; ctx only bounds the wait for the
// connection. Errors are wrapped as InTx wraps them (ErrDiskFull).
func (d *DB) InFastTx(ctx context.Context, stmts *Statements, fn func(tx *FastTx) error) error {
	conn, err := d.Writer.Conn(ctx)
	if err != nil {
		return WrapWriteErr(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("fast transaction: driver connection is a %T", dc)
		}
		stmts.mu.Lock()
		defer stmts.mu.Unlock()
		prepared, err := stmts.on(c)
		if err != nil {
			return err
		}
		return runFastTx(c, &FastTx{stmts: prepared}, fn)
	})
	return WrapWriteErr(err)
}

func runFastTx(c *sqlite3.SQLiteConn, tx *FastTx, fn func(tx *FastTx) error) error {
	if _, err := c.Exec("BEGIN IMMEDIATE", nil); err != nil {
		return err
	}
	err := fn(tx)
	if err == nil {
		_, err = c.Exec("COMMIT", nil)
	}
	// A failed COMMIT (a full disk) may leave the transaction open: the
	// connection goes back to the pool only once it is rolled back.
	if err != nil && !c.AutoCommit() {
		if _, rbErr := c.Exec("ROLLBACK", nil); rbErr != nil {
			return errors.Join(err, fmt.Errorf("roll back: %w", rbErr))
		}
	}
	return err
}

// FastTx runs InFastTx's prepared statements, by index, in its transaction.
type FastTx struct {
	stmts []*sqlite3.SQLiteStmt
	args  []driver.Value
	row   fastRow
}

func (tx *FastTx) values(args []any) ([]driver.Value, error) {
	tx.args = tx.args[:0]
	for _, a := range args {
		switch v := a.(type) {
		case string, int64, bool, nil, []byte, float64:
			tx.args = append(tx.args, v)
		case int:
			tx.args = append(tx.args, int64(v))
		default:
			cv, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return nil, err
			}
			tx.args = append(tx.args, cv)
		}
	}
	return tx.args, nil
}

// Exec runs statement i and returns the rowid it inserted, if any.
func (tx *FastTx) Exec(i int, args ...any) (lastInsertID int64, err error) {
	vals, err := tx.values(args)
	if err != nil {
		return 0, err
	}
	r, err := tx.stmts[i].Exec(vals)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

// QueryRow runs statement i and returns its first row; Scan returns
// sql.ErrNoRows when there is none. The row is valid until the next call.
func (tx *FastTx) QueryRow(i int, args ...any) RowScanner {
	r := &tx.row
	*r = fastRow{vals: r.vals[:0]}
	vals, err := tx.values(args)
	if err != nil {
		r.err = err
		return r
	}
	rows, err := tx.stmts[i].Query(vals)
	if err != nil {
		r.err = err
		return r
	}
	n := len(rows.Columns())
	if cap(r.vals) < n {
		r.vals = make([]driver.Value, n)
	}
	r.vals = r.vals[:n]
	err = rows.Next(r.vals)
	if errors.Is(err, io.EOF) {
		err = sql.ErrNoRows
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	r.err = err
	return r
}

// fastRow is one row read by FastTx.QueryRow.
type fastRow struct {
	vals []driver.Value
	err  error
}

// Scan copies the row's columns into dest: *string, *int64, *int, *bool
// and *float64, the types the hot paths read.
func (r *fastRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	if len(dest) != len(r.vals) {
		return fmt.Errorf("scan: %d destinations for %d columns", len(dest), len(r.vals))
	}
	for i, v := range r.vals {
		if err := assign(dest[i], v); err != nil {
			return fmt.Errorf("scan column %d: %w", i, err)
		}
	}
	return nil
}

func assign(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case *string:
		switch s := v.(type) {
		case string:
			*d = s
			return nil
		case []byte:
			*d = string(s)
			return nil
		}
	case *int64:
		if n, ok := v.(int64); ok {
			*d = n
			return nil
		}
	case *int:
		if n, ok := v.(int64); ok {
			*d = int(n)
			return nil
		}
	case *bool:
		if n, ok := v.(int64); ok {
			*d = n != 0
			return nil
		}
	case *float64:
		switch n := v.(type) {
		case float64:
			*d = n
			return nil
		case int64:
			*d = float64(n)
			return nil
		}
	}
	return fmt.Errorf("cannot store %T in %T", v, dest)
}
