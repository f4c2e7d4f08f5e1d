package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk/csvsafe"
)

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Awa Diallo", "Awa Diallo"},
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"+33 1 40 68 22 22", "'+33 1 40 68 22 22"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"O'Brien", "O'Brien"},
		{"Marie-Claire", "Marie-Claire"},
		{"2016-07-04 09:30", "2016-07-04 09:30"},
		{"42", "42"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := csvsafe.Cell(tt.in); got != tt.want {
				t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b)
	if err := w.Write([]string{"=1+1", "Awa", "@me"}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 1 || strings.Join(rows[0], "|") != "'=1+1|Awa|'@me" {
		t.Errorf("rows %q %v", rows, err)
	}
}

// WriteAll goes through Cell too (csv.Writer's own would not).
func TestWriteAll(t *testing.T) {
	var b bytes.Buffer
	if err := csvsafe.NewWriter(&b).WriteAll([][]string{{"-1", "Awa"}, {"+x", "=y"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "'-1,Awa\n'+x,'=y\n"; got != want {
		t.Errorf("WriteAll wrote %q, want %q", got, want)
	}
}

// FuzzCell: whatever is typed, the cell a spreadsheet reads never starts a
// formula, and a person reads what was typed after at most one quote.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"", "=cmd|' /C calc'!A0", "+", "-", "@", "\t", "\r\n", "Awa", "'="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		w := csvsafe.NewWriter(&b)
		if err := w.Write([]string{s, "x"}); err != nil {
			return // encoding/csv refuses some strings (invalid delimiter use); nothing is written
		}
		w.Flush()
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil || len(rows) != 1 {
			t.Fatalf("read back %q: %v", b.String(), err)
		}
		cell := rows[0][0]
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Fatalf("cell %q starts a formula", cell)
		}
		// encoding/csv reads a quoted line end as "\n".
		norm := strings.ReplaceAll(s, "\r\n", "\n")
		if cell != norm && cell != "'"+norm {
			t.Fatalf("cell %q does not read as %q", cell, s)
		}
	})
}
