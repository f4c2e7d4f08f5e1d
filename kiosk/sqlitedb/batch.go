package sqlitedb

import (
	"context"
	"database/sql"
	"unicode/utf8"
)

// JSONBatch runs one statement per batch of rows, the rows passed as one
// JSON array in ?1 and extra arguments from ?2 on: a bulk import then
// crosses into SQLite once a batch instead of once a value. Read rows of
// several values with jsonb_each(jsonb(?1)): each row's value->>N then
// reads the parsed form, where over json_each it parsed the row's text
// again for every N (a third of the search index's insert time).
type JSONBatch struct {
	tx    *sql.Tx
	query string
	size  int
	extra []any
	rows  [][]string
	stmt  *sql.Stmt
	buf   []byte
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
	b.buf = appendJSONRows(b.buf[:0], b.rows)
	b.rows = b.rows[:0]
	_, err := b.stmt.ExecContext(ctx, append([]any{string(b.buf)}, b.extra...)...)
	return err
}

// appendJSONRows appends rows as a JSON array of arrays of strings. It
// is json.Marshal's output, written without reflection: for the 900,000
// search words of a 100,000-attendee roster, Marshal cost a fifth of the
// batches' time.
func appendJSONRows(b []byte, rows [][]string) []byte {
	b = append(b, '[')
	for i, row := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, v := range row {
			if j > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, v)
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// AppendJSONString appends s as a JSON string; invalid UTF-8 becomes
// U+FFFD, as json.Marshal makes it.
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\\ufffd"...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
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
