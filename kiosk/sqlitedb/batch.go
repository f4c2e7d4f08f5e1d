package sqlitedb

import (
	"context"
	"database/sql"
	"encoding/json"
)

// JSONBatch runs one statement per batch of rows, the rows passed as one
// JSON array in ?1 (read with json_each) and extra arguments from ?2 on: a
// bulk import then crosses into SQLite once a batch instead of once a value.
type JSONBatch struct {
	tx    *sql.Tx
	query string
	size  int
	extra []any
	rows  [][]string
	stmt  *sql.Stmt
}

func NewJSONBatch(tx *sql.Tx, query string, size int, extra ...any) *JSONBatch {
	return &JSONBatch{tx: tx, query: query, size: size, extra: extra, rows: make([][]string, 0, size)}
}

// Add queues one row and runs the batch when it is full.
func (b *JSONBatch) Add(ctx context.Context, row []string) error {
	b.rows = append(b.rows, row)
	if len(b.rows) < b.size {
		return nil
	}
	return b.run(ctx)
}

func (b *JSONBatch) run(ctx context.Context) error {
	if len(b.rows) == 0 {
		return nil
	}
	if b.stmt == nil {
		stmt, err := b.tx.PrepareContext(ctx, b.query)
		if err != nil {
			return err
		}
		b.stmt = stmt
	}
	data, err := json.Marshal(b.rows)
	if err != nil {
		return err
	}
	b.rows = b.rows[:0]
	_, err = b.stmt.ExecContext(ctx, append([]any{string(data)}, b.extra...)...)
	return err
}

// Flush runs what is queued and releases the statement.
func (b *JSONBatch) Flush(ctx context.Context) error {
	err := b.run(ctx)
	if b.stmt != nil {
		b.stmt.Close()
		b.stmt = nil
	}
	return err
}
