package roster

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/accueil/accueil/kiosk"
)

// cp1252 encodes test text the way a French Excel saves "CSV (separator: ;)".
func cp1252(t testing.TB, s string) string {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("test text %q is not Windows-1252 encodable: %v", s, err)
	}
	return b
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const fullHeader = "id,first_name,last_name,organisation,category,country,language,email,code,note\n"

type problem struct {
	line   int
	reason string // a substring of Problem.Reason
}

type attendeeCase struct {
	name      string
	input     string
	err       string    // substring of the whole-file error; "" for none
	ids       []string  // ids of the good rows, in order
	problems  []problem // every problem, in order
	warnings  []string  // substrings, each matched by some warning
	encoding  string    // checked when set
	delimiter rune      // checked when set
	check     func(t *testing.T, got Attendees)
}

func attendeeCases(t testing.TB) []attendeeCase {
	return []attendeeCase{
		{
			name: "good utf-8 comma file",
			input: fullHeader +
				"A1,Jean,Dupont,ACME,speaker,FR,fr,jean@example.org,EXT-1,wheelchair access\n" +
				"A2,Ngô Bảo,Châu,Université,,VN,en,,,\n" +
				"A3,,Madonna,,press,,,,,\n",
			ids:       []string{"A1", "A2", "A3"},
			encoding:  EncodingUTF8,
			delimiter: ',',
			check: func(t *testing.T, got Attendees) {
				want := kiosk.Attendee{ID: "A1", FirstName: "Jean", LastName: "Dupont", Organisation: "ACME", Category: kiosk.CategorySpeaker,
					Country: "FR", Language: kiosk.French, Email: "jean@example.org", Code: "EXT-1", Note: "wheelchair access"}
				if got.Attendees[0] != want {
					t.Errorf("row 1 = %+v, want %+v", got.Attendees[0], want)
				}
				a := got.Attendees[1]
				if a.Name() != "Ngô Bảo Châu" || a.Category != kiosk.CategoryVisitor || a.Language != kiosk.English {
					t.Errorf("row 2 = %+v", a)
				}
				if got.Attendees[2].Name() != "Madonna" {
					t.Errorf("row 3 name = %q", got.Attendees[2].Name())
				}
			},
		},
		{
			name:      "utf-8 with BOM and semicolons",
			input:     "\uFEFFid;first_name;last_name\nA1;Zoë;Ñúñez\n",
			ids:       []string{"A1"},
			encoding:  EncodingUTF8BOM,
			delimiter: ';',
			check: func(t *testing.T, got Attendees) {
				if n := got.Attendees[0].Name(); n != "Zoë Ñúñez" {
					t.Errorf("name = %q", n)
				}
			},
		},
		{
			name: "French export: semicolon, windows-1252, CRLF",
			input: cp1252(t, crlf(
				"Id;Prénom inconnu;First Name;Last Name;Organisation;Catégorie;Category;Note\n"+
					"A1;x;Médéric;PETIT;Société Générale;;speaker;Accès fauteuil roulant, coût 5 €\n"+
					"A2;x;Françoise;Lefèvre;Œuvres « sociales »;;;\n")),
			ids:       []string{"A1", "A2"},
			encoding:  EncodingWindows1252,
			delimiter: ';',
			warnings:  []string{`unknown column "Prénom inconnu" ignored`, `unknown column "Catégorie" ignored`},
			check: func(t *testing.T, got Attendees) {
				a, b := got.Attendees[0], got.Attendees[1]
				if a.Name() != "Médéric PETIT" || a.Organisation != "Société Générale" || a.Note != "Accès fauteuil roulant, coût 5 €" || a.Category != kiosk.CategorySpeaker {
					t.Errorf("row 1 = %+v", a)
				}
				if b.Name() != "Françoise Lefèvre" || b.Organisation != "Œuvres « sociales »" {
					t.Errorf("row 2 = %+v", b)
				}
			},
		},
		{
			name:     "header spelling",
			input:    "ID,First Name,LAST-NAME, Organisation ,Badge Colour,e_mail\nA1,Jean,Dupont,ACME,red,x\n",
			ids:      []string{"A1"},
			warnings: []string{`unknown column "Badge Colour" ignored`, `unknown column "e_mail" ignored`},
			check: func(t *testing.T, got Attendees) {
				a := got.Attendees[0]
				if a.FirstName != "Jean" || a.LastName != "Dupont" || a.Organisation != "ACME" {
					t.Errorf("row = %+v", a)
				}
				if len(got.Warnings) != 2 {
					t.Errorf("warnings = %q, want 2", got.Warnings)
				}
			},
		},
		{name: "no id column", input: "first_name,last_name\nJean,Dupont\n", err: `no "id" column in the header (found "first_name", "last_name")`},
		{name: "no name column", input: "id,organisation\nA1,ACME\n", err: `neither a "first_name" nor a "last_name" column`},
		{name: "empty file", input: "", err: "no header row"},
		{name: "blank lines only", input: "\n\r\n  \n;;\n", err: "no header row"},
		{name: "header only", input: "id,first_name\r\n", ids: nil},
		{name: "last_name alone", input: "id,last_name\nA1,Dupont\n", ids: []string{"A1"}},
		{name: "duplicated column", input: "id,first_name,First Name\nA1,a,b\n", err: `column "first_name" appears twice in the header (columns 2 and 3)`},
		{name: "utf-16", input: "\xFF\xFEi\x00d\x00", err: "UTF-16"},
		{name: "xlsx", input: "PK\x03\x04rest", err: "workbook"},
		{name: "unclosed quote in header", input: "id,\"first_name\nA1,x\n", err: "header on line 1"},
		{
			name:     "duplicate ids",
			input:    "id,first_name\nA1,a\nA2,b\nA1,c\nA2,d\nA1,e\n",
			ids:      []string{"A1", "A2"},
			problems: []problem{{4, `duplicate id "A1" (first on line 2)`}, {5, `duplicate id "A2" (first on line 3)`}, {6, `duplicate id "A1" (first on line 2)`}},
		},
		{
			name:     "duplicate id of a bad row still names the bad row",
			input:    "id,first_name,email\nA1,a,nope\nA1,b,\n",
			problems: []problem{{2, "column email"}, {3, `duplicate id "A1" (first on line 2)`}},
		},
		{
			name:     "ids differing only by invisible characters are duplicates",
			input:    "id,first_name\nA1,a\n\u200bA1\u2060,b\n",
			ids:      []string{"A1"},
			problems: []problem{{3, `duplicate id "A1" (first on line 2)`}},
		},
		{
			name:     "duplicate codes",
			input:    "id,first_name,code\nA1,a,X-1\nA2,b,\nA3,c,\nA4,d,X-1\n",
			ids:      []string{"A1", "A2", "A3"},
			problems: []problem{{5, `duplicate code "X-1" (first on line 2)`}},
		},
		{
			name:     "unclosed quote stops reading, earlier rows kept",
			input:    "id,first_name,note\nA1,a,\nA2,b,\"fine\"\nA3,c,\"oops\nA4,d,\nA5,e,\n",
			ids:      []string{"A1", "A2"},
			problems: []problem{{4, "unclosed quote"}},
		},
		{
			name:     "unclosed quote closed by a later quote still stops reading",
			input:    "id,first_name,note\nA1,a,\nA2,b,\"oops\nA3,c,\nA4,d,\"x\",\nA5,e,\n",
			ids:      []string{"A1"},
			problems: []problem{{3, "unclosed quote"}},
		},
		{
			name:     "stray quotes spoil their row only",
			input:    "id,first_name,last_name\nA1,Jean \"Jo\",Dupont\nA2,\"Jean\"x,Dupont\nA3,b,c\n",
			ids:      []string{"A3"},
			problems: []problem{{2, "stray quote in column first_name"}, {3, "stray quote"}},
		},
		{
			name:     "a lone quote in an unquoted cell spoils its row only",
			input:    "id,first_name,last_name\nA1,Jean \"Jo,Dupont\nA2,b,c\n",
			ids:      []string{"A2"},
			problems: []problem{{2, "stray quote in column first_name"}},
		},
		{
			name:     "a quote closing on a later line says where the row ends",
			input:    "id,first_name,note\nA1,a,\"open\nA2,b,x\"y\nA3,c,\n",
			ids:      []string{"A3"},
			problems: []problem{{2, "stray quote in column note (a quote inside a cell must be doubled and the cell quoted); the row runs to line 3"}},
		},
		{name: "a million blank lines", input: strings.Repeat("\r\n", 1<<20), err: "no header row"},
		{
			name:  "multi-line note keeps physical line numbers",
			input: "id,first_name,note\nA1,a,\"head of delegation:\r\ncall protocol\n\"\"VIP\"\"\"\n\nA2,b,\n\"A3\",c,bad\x01\n",
			ids:   []string{"A1", "A2"},
			// A1 spans lines 2-4, line 5 is blank.
			problems: []problem{{7, "column note: control character U+0001"}},
			check: func(t *testing.T, got Attendees) {
				if n := got.Attendees[0].Note; n != "head of delegation:\ncall protocol\n\"VIP\"" {
					t.Errorf("note = %q", n)
				}
			},
		},
		{
			name:     "BOM in the middle: two exports joined",
			input:    "\uFEFFid;first_name\r\nA1;a\r\n\uFEFFid;first_name\r\nA2;b\r\n\uFEFF\"Id\";\"First Name\"\r\nA3;c\r\n",
			ids:      []string{"A1", "A2", "A3"},
			problems: []problem{{3, "repeated header row"}, {5, "repeated header row"}},
		},
		{
			name:     "repeated header with other columns remaps the rows below",
			input:    "id,first_name,last_name\nA1,Jean,Dupont\nlast_name,id,first_name,country\nMartin,A2,Paul,FR\n",
			ids:      []string{"A1", "A2"},
			problems: []problem{{3, "repeated header row, with other columns"}},
			check: func(t *testing.T, got Attendees) {
				if a := got.Attendees[1]; a.FirstName != "Paul" || a.LastName != "Martin" || a.Country != "FR" {
					t.Errorf("row below the second header = %+v", a)
				}
			},
		},
		{
			name:     "5 MB cell",
			input:    "id,first_name,note\nA1,a,\"" + strings.Repeat("x", 5<<20) + "\"\nA2,b,\n",
			ids:      []string{"A2"},
			problems: []problem{{2, fmt.Sprintf("column note: longer than %d bytes", MaxCellBytes)}},
		},
		{
			name:  "control characters",
			input: "id,first_name,last_name,code\nA1,Je\x00an,x,\nA2,a,b\x1b[31m,\nA3,a,b\u0085c,\nA4,a,b\tc,\nA5,a,b\rc,\nA6,a,b,c\x7f\nA7,\x00,,\n",
			ids:   nil,
			problems: []problem{
				{2, "column first_name: control character U+0000"},
				{3, "column last_name: control character U+001B"},
				{4, "column last_name: control character U+0085"},
				{5, "column last_name: control character U+0009"},
				{6, "column last_name: control character U+000D"},
				{7, "column code: control character U+007F"},
				{8, "column first_name: control character U+0000"},
			},
			check: func(t *testing.T, got Attendees) {
				// The control character is the cause; "both names empty"
				// would only be noise.
				if r := got.Problems[6].Reason; strings.Contains(r, "both empty") {
					t.Errorf("reason = %q", r)
				}
			},
		},
		{
			name:     "mostly UTF-8 with one invalid byte: read as UTF-8, that row reported",
			input:    "id,first_name,last_name\nA1,Médéric,Lefèvre\nA2,Zoë,B\xe9atrice\nA3,François,Ñúñez\n",
			ids:      []string{"A1", "A3"},
			encoding: EncodingUTF8,
			warnings: []string{"UTF-8 with 1 invalid bytes"},
			problems: []problem{{3, "column last_name: invalid or undecodable characters"}},
			check: func(t *testing.T, got Attendees) {
				if n := got.Attendees[0].Name(); n != "Médéric Lefèvre" {
					t.Errorf("name = %q", n)
				}
			},
		},
		{
			name:     "ASCII file with one Windows-1252 accent: read as Windows-1252",
			input:    "id,first_name,last_name\nA1,Jean,Dupont\nA2,Andr\xe9,Martin\n",
			ids:      []string{"A1", "A2"},
			encoding: EncodingWindows1252,
			check: func(t *testing.T, got Attendees) {
				if n := got.Attendees[1].Name(); n != "André Martin" {
					t.Errorf("name = %q", n)
				}
			},
		},
		{
			name:     "mixed, mostly Windows-1252: read as Windows-1252 with a warning",
			input:    "id,first_name\nA1,Andr\xe9\nA2,H\xe9l\xe8ne\nA3,Zoë\n",
			ids:      []string{"A1", "A2", "A3"},
			encoding: EncodingWindows1252,
			warnings: []string{"mixes Windows-1252 and UTF-8"},
			check: func(t *testing.T, got Attendees) {
				if n := got.Attendees[1].Name(); n != "Hélène" {
					t.Errorf("name = %q", n)
				}
			},
		},
		{
			name:     "BOM then an invalid byte: UTF-8, row reported",
			input:    "\uFEFFid,first_name\nA1,Andr\xe9\nA2,Zoë\n",
			ids:      []string{"A2"},
			encoding: EncodingUTF8BOM,
			warnings: []string{"not UTF-8"},
			problems: []problem{{2, "column first_name: invalid or undecodable"}},
		},
		{
			name:     "byte undefined in Windows-1252",
			input:    "id,first_name\nA1,a\x81b\xe9\n",
			encoding: EncodingWindows1252,
			problems: []problem{{2, "column first_name: invalid or undecodable"}},
		},
		{
			name: "SQL metacharacters pass unchanged",
			input: "id,first_name,last_name,note,code\n" +
				"A1,Robert'); DROP TABLE attendees;--,O'Brien,\"a\"\" OR 1=1; --\",'; --\n" +
				"A2,%_*,\\\\x00,/* */,\"x,y\"\n",
			ids: []string{"A1", "A2"},
			check: func(t *testing.T, got Attendees) {
				a, b := got.Attendees[0], got.Attendees[1]
				if a.FirstName != "Robert'); DROP TABLE attendees;--" || a.LastName != "O'Brien" || a.Note != `a" OR 1=1; --` || a.Code != "'; --" {
					t.Errorf("row 1 = %+v", a)
				}
				if b.FirstName != "%_*" || b.LastName != `\\x00` || b.Note != "/* */" || b.Code != "x,y" {
					t.Errorf("row 2 = %+v", b)
				}
			},
		},
		{
			name: "category, language and email",
			input: "id,first_name,category,language,email\n" +
				"A1,a,VIP,,\nA2,a,,de,\nA3,a,,,jean\nA4,a,,,a@b@c.fr\nA5,a,,,jean dupont@x.fr\nA6,a,,,jean@localhost\n" +
				"A7,a,Speaker,EN,Jean.Dupont+tag@Example.ORG\nA8,a,vip,xx,nope\n",
			ids: []string{"A7"},
			problems: []problem{
				{2, `column category: unknown category "vip"`},
				{3, `column language: unknown language "de"`},
				{4, `column email: "jean" is not an email address`},
				{5, "column email"},
				{6, "column email"},
				{7, "column email"},
				{9, "column category"},
				{9, "column language"},
				{9, "column email"},
			},
			check: func(t *testing.T, got Attendees) {
				if a := got.Attendees[0]; a.Category != kiosk.CategorySpeaker || a.Language != kiosk.English {
					t.Errorf("row = %+v", a)
				}
			},
		},
		{
			name:     "extra and missing cells",
			input:    "id,first_name,last_name\nA1,a,b,c\nA2,a,b,,;\nA3,a,b,,\nA4,a\nA5\n",
			ids:      []string{"A3", "A4"},
			problems: []problem{{2, "4 cells where the header has 3 columns"}, {3, "5 cells"}, {6, "first_name and last_name are both empty"}},
		},
		{
			name:     "bad ids",
			input:    "id,first_name\n,a\nA 1,a\n" + strings.Repeat("x", 33) + ",a\n" + strings.Repeat("y", 32) + ",a\nA\u200d2,a\n",
			ids:      []string{strings.Repeat("y", 32)},
			problems: []problem{{2, "column id: empty"}, {3, `"A 1" contains a space`}, {4, "longer than 32 bytes"}, {6, "invisible character"}},
		},
		{
			name:  "cells are trimmed, cleaned and put in NFC",
			input: "id,first_name,last_name,note\n  A1 ,\u00a0Me\u0301de\u0301ric\u200b , PETIT , \n",
			ids:   []string{"A1"},
			check: func(t *testing.T, got Attendees) {
				if a := got.Attendees[0]; a.FirstName != "Médéric" || a.LastName != "PETIT" || a.Note != "" {
					t.Errorf("row = %+v", a)
				}
			},
		},
		{
			name:      "blank and delimiter-only lines are skipped, line numbers still right",
			input:     "\n\nid;first_name\n\n;;;\n  \nA1;a\n;\nA1;b\n",
			ids:       []string{"A1"},
			delimiter: ';',
			problems:  []problem{{9, `duplicate id "A1" (first on line 7)`}},
		},
		{
			name:     "old Mac line endings",
			input:    "id,first_name\rA1,a\rA1,b\r",
			ids:      []string{"A1"},
			problems: []problem{{3, `duplicate id "A1" (first on line 2)`}},
		},
		{
			name:     "unnamed column with data warns",
			input:    "id,first_name,,\nA1,a,,\nA2,b,x,\n",
			ids:      []string{"A1", "A2"},
			warnings: []string{"column 3 has no name in the header: its cells were ignored (first on line 3)"},
		},
		{
			name:     "spaces before a quoted cell",
			input:    "id, first_name, note\nA1, \"Jean\", \"a, b\"\n",
			ids:      []string{"A1"},
			problems: nil,
			check: func(t *testing.T, got Attendees) {
				if a := got.Attendees[0]; a.FirstName != "Jean" || a.Note != "a, b" {
					t.Errorf("row = %+v", a)
				}
			},
		},
		{
			name:      "semicolon wins a tie only if present",
			input:     "id;first_name,x\nA1;a,b\n",
			delimiter: ';',
			ids:       []string{"A1"},
			warnings:  []string{`unknown column "first_name,x"`},
			err:       `neither a "first_name"`,
		},
		{
			name:      "quoted delimiters in the header do not count",
			input:     "\"id;a;b;c\",first_name\n\"x\",y\n",
			delimiter: ',',
			err:       `no "id" column`,
		},
	}
}
