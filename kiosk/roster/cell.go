package roster

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// zeroWidth are invisible characters that copy-paste and exports leave in
// cells; kept, they would make two identical-looking ids or codes differ.
// ZWJ and ZWNJ are left alone: they change how some scripts and emoji are
// written, so they are part of a name.
const zeroWidth = "\u200B\u2060\uFEFF"

func dropZeroWidth(s string) string {
	// Every zeroWidth character starts with one of these two bytes; looking
	// for bytes is much faster than for runes.
	if strings.IndexByte(s, 0xE2) < 0 && strings.IndexByte(s, 0xEF) < 0 {
		return s
	}
	if !strings.ContainsAny(s, zeroWidth) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(zeroWidth, r) {
			return -1
		}
		return r
	}, s)
}

// row collects the cleaned cells of one data row and every reason it is bad,
// so that one pass over the file reports everything wrong with a row.
type row struct {
	s       *sheet
	rec     []string
	reasons []string
}

func (r *row) fail(format string, args ...any) {
	r.reasons = append(r.reasons, fmt.Sprintf(format, args...))
}

// text returns cell k (an index in the sheet's known columns), cleaned. multiline lets line breaks
// through, for free text that spreadsheets allow on several lines.
// claim records that value (an id or a code) belongs to the row on line;
// a value already claimed by an earlier row makes this one bad.
func (r *row) claim(seen map[string]int, what, value string, line int) {
	if first, dup := seen[value]; dup {
		r.fail("duplicate %s %q (first on line %d)", what, value, first)
		return
	}
	seen[value] = line
}

func (r *row) text(k int, multiline bool) string {
	v, reason := clean(r.s.cell(r.rec, k), multiline)
	if reason != "" {
		r.fail("column %s: %s", r.s.known[k], reason)
	}
	return v
}

// clean trims a cell, drops zero-width characters and puts it in NFC (so a
// name typed on a Mac matches the same name typed elsewhere), or says why the
// cell cannot be stored.
func clean(s string, multiline bool) (string, string) {
	if plainASCII(s) {
		return s, ""
	}
	if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
		return "", "invalid or undecodable characters (is the file's encoding right?)"
	}
	s = strings.TrimSpace(dropZeroWidth(s))
	if len(s) > MaxCellBytes {
		return "", fmt.Sprintf("longer than %d bytes (%d)", MaxCellBytes, len(s))
	}
	for _, c := range s {
		if c == '\n' && multiline {
			continue
		}
		if c < 0x20 || (c >= 0x7F && c <= 0x9F) {
			return "", fmt.Sprintf("control character %U", c)
		}
	}
	if norm.NFC.QuickSpanString(s) != len(s) {
		s = norm.NFC.String(s)
		if len(s) > MaxCellBytes {
			return "", fmt.Sprintf("longer than %d bytes (%d)", MaxCellBytes, len(s))
		}
	}
	return s, ""
}

// plainASCII is the fast path: printable ASCII with nothing to trim, which is
// nearly every cell of a real roster.
func plainASCII(s string) bool {
	if len(s) > MaxCellBytes {
		return false
	}
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// id returns column k as an identifier: it ends up in signed tokens,
// URLs and command lines, so spaces and invisible characters are refused.
func (r *row) id(k int, maxLen int) string {
	col := r.s.known[k]
	v, reason := clean(r.s.cell(r.rec, k), false)
	switch {
	case reason != "":
		r.fail("column %s: %s", col, reason)
		return ""
	case v == "":
		r.fail("column %s: empty", col)
		return ""
	case len(v) > maxLen:
		r.fail("column %s: %q is longer than %d bytes", col, v, maxLen)
		return ""
	case !isToken(v):
		r.fail("column %s: %q contains a space or an invisible character", col, v)
		return ""
	}
	return v
}

func isToken(s string) bool {
	for _, c := range s {
		if unicode.IsSpace(c) || !unicode.IsGraphic(c) {
			return false
		}
	}
	return true
}

// looksLikeEmail only catches what is clearly not an address (a name in the
// wrong column, two addresses in one cell); real validation is sending mail.
func looksLikeEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return false
	}
	return !strings.ContainsFunc(s, unicode.IsSpace)
}

// eachRow reads every row of s with read, which records in rw what is
// wrong with the row; a row with nothing wrong is then validated. Good
// rows are appended to out, bad ones become problems with their line.
func eachRow[T any](s *sheet, out []T, read func(rw *row, line int) T, validate func(T) error) []T {
	rw := row{s: s}
	for {
		line, rec, ok := s.next()
		if !ok {
			break
		}
		rw.rec, rw.reasons = rec, rw.reasons[:0]
		v := read(&rw, line)
		if len(rw.reasons) == 0 {
			if err := validate(v); err != nil {
				rw.fail("%v", err)
			}
		}
		if len(rw.reasons) > 0 {
			s.problems = append(s.problems, Problem{Line: line, Reason: strings.Join(rw.reasons, "; ")})
			continue
		}
		out = append(out, v)
	}
	s.finish()
	return out
}
