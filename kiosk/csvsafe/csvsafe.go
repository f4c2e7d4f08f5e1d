// Package csvsafe writes CSV files that spreadsheets open without running
// anything: a cell an attendee, a kiosk or an organiser typed could start
// with "=", "+", "-" or "@", which Excel and LibreOffice take for a formula
// (=HYPERLINK("http://…") sends whoever clicks it anywhere). Following
// OWASP's rule for CSV injection, such a cell, and one starting with a tab
// or a carriage return, gets a leading single quote, which spreadsheets
// show as text and people read past. Every CSV the hub or a kiosk writes
// goes through it.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// Cell returns s as a spreadsheet must see it: as it is, or with a
// leading quote when it would start a formula.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Writer is a csv.Writer whose every cell goes through Cell. Our own
// columns (counts, sequence numbers, times) never start with those
// characters, so applying the rule to every cell changes only what people
// typed.
type Writer struct {
	*csv.Writer
	buf []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// Write writes one record, its cells made safe.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.Writer.Write(w.buf)
}

// WriteAll writes every record, its cells made safe, and flushes (the
// embedded csv.Writer's WriteAll would skip Cell).
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
