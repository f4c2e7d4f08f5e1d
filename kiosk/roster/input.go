package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/accueil/accueil/kiosk"
)

// MaxFileSize bounds what the readers accept. Real rosters are a few tens of
// MB at most; anything bigger is the wrong file, and reading it whole would
// only exhaust memory.
const MaxFileSize = 64 << 20

// MaxCellBytes bounds a single cell before anything else is done with it:
// the longest field (a note) in its longest UTF-8 form. A huge cell is a
// broken export (an unclosed quote in the source tool, a pasted document);
// each field then has its own, tighter bound in characters, defined in
// package kiosk (kiosk.MaxNoteLength…) and reported with the field's name.
const MaxCellBytes = kiosk.MaxFieldBytes

// The values of Attendees.Encoding.
const (
	EncodingUTF8        = "utf-8"
	EncodingUTF8BOM     = "utf-8 with BOM"
	EncodingWindows1252 = "windows-1252"
)

// progressEvery is how many rows pass between two progress calls.
const progressEvery = 1000

// Problem is one bad row: its 1-based line number in the file (the header is
// line 1) and why.
type Problem struct {
	Line   int
	Reason string
}

func (p Problem) String() string {
	return fmt.Sprintf("line %d: %s", p.Line, p.Reason)
}

// readInput reads the whole file, refusing what is too big or clearly not a
// CSV, and returns it as UTF-8 text without its BOM.
func readInput(r io.Reader) (text, encoding string, warnings []string, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return "", "", nil, err
	}
	if len(data) > MaxFileSize {
		return "", "", nil, fmt.Errorf("file is larger than %d MiB: is it really a CSV export?", MaxFileSize>>20)
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "", "", nil, errors.New("file is UTF-16 (Excel \"Unicode Text\"): save it as \"CSV UTF-8\" instead")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "", "", nil, errors.New("file is an Excel or OpenDocument workbook, not a CSV: save it as CSV first")
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", "", nil, errors.New("file is an old Excel workbook (.xls), not a CSV: save it as CSV first")
	}

	if rest, ok := bytes.CutPrefix(data, []byte("\uFEFF")); ok {
		// The BOM declares UTF-8; invalid bytes later are damage, reported by row.
		encoding = EncodingUTF8BOM
		data = rest
		if !utf8.Valid(data) {
			warnings = append(warnings, "file starts with a UTF-8 BOM but holds bytes that are not UTF-8: the rows with them are reported")
		}
		text = string(data)
	} else if utf8.Valid(data) {
		encoding, text = EncodingUTF8, string(data)
	} else if valid, invalid := countUTF8(data); valid > invalid {
		encoding, text = EncodingUTF8, string(data)
		warnings = append(warnings, fmt.Sprintf("file is UTF-8 with %d invalid bytes: read as UTF-8, the rows with them are reported", invalid))
	} else {
		encoding, text = EncodingWindows1252, decode1252(data)
		if valid > 0 {
			warnings = append(warnings, "file mixes Windows-1252 and UTF-8 text: read as Windows-1252, so accents written in UTF-8 will look wrong (e.g. \"Ã©\" for \"é\")")
		}
	}

	// A BOM can only be junk past the start (two exports pasted together);
	// dropping it early lets a repeated header be recognised as such.
	if strings.Contains(text, "\uFEFF") {
		text = strings.ReplaceAll(text, "\uFEFF", "")
	}
	// Files saved as "CSV (Macintosh)" end lines with a lone CR, which
	// encoding/csv would read as one long line.
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, encoding, warnings, nil
}

// countUTF8 counts well-formed multi-byte UTF-8 sequences and bytes that
// cannot start one, to tell a damaged UTF-8 file from a Windows-1252 one:
// accented Windows-1252 text almost never forms valid UTF-8 sequences.
func countUTF8(data []byte) (valid, invalid int) {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			invalid++
			i++
			continue
		}
		valid++
		i += size
	}
	return valid, invalid
}

var win1252 = func() (t [256]rune) {
	for i := range t {
		t[i] = charmap.Windows1252.DecodeByte(byte(i))
	}
	return t
}()

// decode1252 maps bytes through a table rather than an x/text transformer:
// it is several times faster on large files and cannot fail. The five bytes
// Windows-1252 leaves undefined become U+FFFD, which the cell checks report.
func decode1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		if c < utf8.RuneSelf {
			b.WriteByte(c)
		} else {
			b.WriteRune(win1252[c])
		}
	}
	return b.String()
}

// detectDelimiter looks at the header line only: data cells may hold either
// character, a header practically never does.
func detectDelimiter(text string) rune {
	commas, semis := 0, 0
	inQuotes, blank := false, true
scan:
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"':
			blank = false
			inQuotes = !inQuotes
		case ',':
			blank = false
			if !inQuotes {
				commas++
			}
		case ';':
			blank = false
			if !inQuotes {
				semis++
			}
		case '\n':
			// Blank lines before the header are skipped by encoding/csv too.
			if !inQuotes && !blank {
				break scan
			}
		case ' ', '\t', '\r':
		default:
			blank = false
		}
	}
	if semis > 0 && semis >= commas {
		return ';'
	}
	return ','
}

// normalizeName turns a header cell into a column name: "First Name",
// "first-name" and " FIRST_NAME " are all first_name.
func normalizeName(s string) string {
	s = strings.ToLower(strings.TrimSpace(dropZeroWidth(s)))
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for _, r := range s {
		if r == ' ' || r == '-' || r == '_' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('_')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// header maps column names to positions.
type header struct {
	names   []string // normalized name by position, "" for an unnamed column
	index   map[string]int
	pos     []int // position of each known column, by its index in the known list; -1 when absent
	unnamed bool
}

// parseHeader reads a header row. Unknown columns only warn, so that an
// export with extra columns imports as is; a known column given twice is an
// error because there is no telling which of the two the organiser meant.
func parseHeader(rec []string, known []string) (header, []string, error) {
	h := header{names: make([]string, len(rec)), index: make(map[string]int, len(rec))}
	var warnings []string
	seenUnknown := map[string]bool{}
	for i, cell := range rec {
		name := normalizeName(cell)
		h.names[i] = name
		if name == "" {
			h.unnamed = true
			continue
		}
		if !slices.Contains(known, name) {
			if !seenUnknown[name] {
				seenUnknown[name] = true
				warnings = append(warnings, fmt.Sprintf("unknown column %q ignored", strings.TrimSpace(dropZeroWidth(cell))))
			}
			continue
		}
		if j, dup := h.index[name]; dup {
			return header{}, nil, fmt.Errorf("column %q appears twice in the header (columns %d and %d)", name, j+1, i+1)
		}
		h.index[name] = i
	}
	h.pos = make([]int, len(known))
	for k, name := range known {
		h.pos[k] = -1
		if i, ok := h.index[name]; ok {
			h.pos[k] = i
		}
	}
	return h, warnings, nil
}

// sheet walks the data rows of a CSV file: it skips blank rows, reports rows
// the CSV syntax or a repeated header makes unusable, and hands the others to
// the caller with their physical line number.
type sheet struct {
	text      string
	cr        *csv.Reader
	known     []string
	required  func(header) error
	h         header
	problems  []Problem
	warnings  []string
	rows      int
	reported  int
	progress  func(rows int)
	unnamed   map[int]int // unnamed column -> first line with data in it
	delimiter rune
	done      bool
}

// openSheet reads the header. known lists the column names of this kind of
// file; required rejects a header the caller cannot work with.
func openSheet(text string, known []string, required func(header) error, progress func(int)) (*sheet, error) {
	delim := detectDelimiter(text)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.LazyQuotes = false
	// Spaces after a delimiter before a quoted cell (`a, "b"`) are common in
	// hand-written files; cells are trimmed anyway.
	cr.TrimLeadingSpace = true
	s := &sheet{text: text, cr: cr, known: known, required: required, progress: progress, delimiter: delim}

	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return s, errors.New("no header row: the file is empty")
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return s, fmt.Errorf("header on line %d: %w", pe.StartLine, err)
		}
		if err != nil {
			return s, err
		}
		if allEmpty(rec) {
			continue
		}
		h, warnings, err := parseHeader(rec, known)
		if err != nil {
			return s, err
		}
		if err := required(h); err != nil {
			return s, err
		}
		s.h = h
		s.warnings = append(s.warnings, warnings...)
		return s, nil
	}
}

// next returns the next data row, or ok == false at the end of the usable
// part of the file. The returned slice is only valid until the next call.
func (s *sheet) next() (line int, rec []string, ok bool) {
	for !s.done {
		start := s.cr.InputOffset()
		rec, err := s.cr.Read()
		if err == io.EOF {
			break
		}
		s.rows++
		if s.progress != nil && s.rows%progressEvery == 0 {
			s.progress(s.rows)
			s.reported = s.rows
		}
		if err != nil {
			s.badSyntax(err, start, rec)
			continue
		}
		line, _ = s.cr.FieldPos(0)
		if allEmpty(rec) {
			continue
		}
		if s.repeatedHeader(line, rec) {
			continue
		}
		if s.h.unnamed {
			s.noteUnnamed(line, rec)
		}
		return line, rec, true
	}
	s.done = true
	return 0, nil, false
}

// badSyntax reports a row encoding/csv refused. A quote left open swallows
// every line up to the next quote, so nothing read after it can be trusted
// and reading stops. A stray quote in an unquoted cell, or one that leaves
// quoting balanced, only spoils its own row: encoding/csv has consumed whole
// lines and the next row starts where it should.
func (s *sheet) badSyntax(err error, start int64, partial []string) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		// Unreachable: encoding/csv reading from a string only fails with
		// a ParseError. Stop rather than loop on a reader that keeps failing.
		s.done = true
		return
	}
	raw := s.text[start:s.cr.InputOffset()]
	if pe.Err != csv.ErrBareQuote && strings.Count(raw, `"`)%2 == 1 {
		s.problems = append(s.problems, Problem{Line: pe.StartLine, Reason: "unclosed quote: the file was not read past this line"})
		s.done = true
		return
	}
	col := "a cell"
	if i := len(partial); i < len(s.h.names) && s.h.names[i] != "" {
		col = "column " + s.h.names[i]
	}
	reason := fmt.Sprintf("stray quote in %s (a quote inside a cell must be doubled and the cell quoted)", col)
	if pe.Line > pe.StartLine {
		reason += fmt.Sprintf("; the row runs to line %d", pe.Line)
	}
	s.problems = append(s.problems, Problem{Line: pe.StartLine, Reason: reason})
}

// noteUnnamed remembers data under a column without a name, which is
// ignored: worth a warning, since it may be a column whose header cell was
// left blank by mistake.
func (s *sheet) noteUnnamed(line int, rec []string) {
	// Bounded by the row, not the header, so that a header padded with
	// thousands of empty cells does not make every row slow.
	for i, c := range rec[:min(len(rec), len(s.h.names))] {
		if s.h.names[i] != "" || strings.TrimSpace(c) == "" {
			continue
		}
		if s.unnamed == nil {
			s.unnamed = map[int]int{}
		}
		if _, seen := s.unnamed[i]; !seen {
			s.unnamed[i] = line
		}
	}
}

// repeatedHeader recognises a header row in the middle of the data, which is
// what two exports pasted one after the other look like. When its columns
// differ, the rows below follow the new header, so that they are not read
// into the wrong fields.
func (s *sheet) repeatedHeader(line int, rec []string) bool {
	hasID := false
	for _, c := range rec {
		// The length test keeps this check off the profile of big files.
		if len(c) >= 2 && len(c) <= 8 && strings.EqualFold(strings.TrimSpace(c), "id") {
			hasID = true
			break
		}
	}
	if !hasID {
		return false
	}
	same := true
	for i, c := range rec {
		if len(c) > 100 {
			return false
		}
		name := normalizeName(c)
		if name == "" {
			if i < len(s.h.names) && s.h.names[i] != "" {
				same = false
			}
			continue
		}
		if !slices.Contains(s.known, name) && !slices.Contains(s.h.names, name) {
			return false
		}
		if i >= len(s.h.names) || s.h.names[i] != name {
			same = false
		}
	}
	if same {
		s.problems = append(s.problems, Problem{Line: line, Reason: "repeated header row"})
		return true
	}
	h, warnings, err := parseHeader(rec, s.known)
	if err == nil {
		err = s.required(h)
	}
	if err != nil {
		s.problems = append(s.problems, Problem{Line: line, Reason: "repeated header row, with other columns and unusable: " + err.Error()})
		return true
	}
	s.h = h
	for _, w := range warnings {
		if !slices.Contains(s.warnings, w) {
			s.warnings = append(s.warnings, w)
		}
	}
	s.problems = append(s.problems, Problem{Line: line, Reason: "repeated header row, with other columns: the rows below it are read with the new columns"})
	return true
}

// finish sends the last progress count and the warnings only known at the end.
func (s *sheet) finish() {
	if s.progress != nil && (s.rows != s.reported || s.rows == 0) {
		s.progress(s.rows)
	}
	for i := range s.h.names {
		if line, ok := s.unnamed[i]; ok {
			s.warnings = append(s.warnings, fmt.Sprintf("column %d has no name in the header: its cells were ignored (first on line %d)", i+1, line))
		}
	}
}

// cell returns the raw cell of column k of the known list; a missing trailing cell is
// empty, as spreadsheets drop them.
func (s *sheet) cell(rec []string, k int) string {
	i := s.h.pos[k]
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// extraCells describes non-empty cells beyond the header, or "" when none.
// Empty ones are normal: spreadsheets pad rows with delimiters.
func (s *sheet) extraCells(rec []string) string {
	for i := len(s.h.names); i < len(rec); i++ {
		if strings.TrimSpace(rec[i]) != "" {
			return fmt.Sprintf("%d cells where the header has %d columns (a cell holding %q without quotes around it?)", len(rec), len(s.h.names), s.delimiter)
		}
	}
	return ""
}

func allEmpty(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
