package sqlitedb

import (
	"context"
	"database/sql"
)

// RowScanner is what a row-reading function needs of sql.Row or sql.Rows.
type RowScanner interface{ Scan(dest ...any) error }

// QueryAll runs a read query and collects every row through scan.
func QueryAll[T any](ctx context.Context, db *sql.DB, scan func(RowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
