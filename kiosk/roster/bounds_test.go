package roster

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
)

// Every attendee field has a bound defined in package kiosk; a row over it
// is reported with its line, the field and the bound, and a row at the
// bound is imported. Names use a two-byte letter, so that the bound is seen
// to count characters, not bytes.
func TestAttendeeFieldBounds(t *testing.T) {
	email := func(n int) string { return strings.Repeat("a", n-len("@example.org")) + "@example.org" }
	tests := []struct {
		field string
		max   int
		value func(n int) string
	}{
		{"first_name", kiosk.MaxNameLength, func(n int) string { return strings.Repeat("é", n) }},
		{"last_name", kiosk.MaxNameLength, func(n int) string { return strings.Repeat("Ñ", n) }},
		{"organisation", kiosk.MaxOrganisationLength, func(n int) string { return strings.Repeat("œ", n) }},
		{"country", kiosk.MaxCountryLength, func(n int) string { return strings.Repeat("C", n) }},
		{"email", kiosk.MaxEmailLength, email},
		{"code", kiosk.MaxCodeLength, func(n int) string { return strings.Repeat("K", n) }},
		{"note", kiosk.MaxNoteLength, func(n int) string { return strings.Repeat("€", n) }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			header := "id,first_name,last_name," + tt.field + "\n"
			if tt.field == "first_name" || tt.field == "last_name" {
				header = "id,first_name,last_name\n"
			}
			row := func(id string, v string) string {
				switch tt.field {
				case "first_name":
					return id + "," + v + ",Dupont\n"
				case "last_name":
					return id + ",Jean," + v + "\n"
				}
				return id + ",Jean,Dupont," + v + "\n"
			}
			// A cell of more than MaxCellBytes is refused before its length
			// in characters is counted: the third row stays below it.
			long := strings.Repeat("x", 3*tt.max)
			if tt.field == "email" {
				long = email(3 * tt.max)
			}
			input := header + row("A1", tt.value(tt.max)) + row("A2", tt.value(tt.max+1)) + row("A3", long)
			got, err := ReadAttendees(strings.NewReader(input), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Attendees) != 1 || got.Attendees[0].ID != "A1" {
				t.Fatalf("imported %+v, want A1 alone (at the bound)", got.Attendees)
			}
			checkProblems(t, got.Problems, []problem{
				{3, fmt.Sprintf("%s is %s characters, at most %s", tt.field, commas(tt.max+1), commas(tt.max))},
				{4, fmt.Sprintf("%s is %s characters, at most %s", tt.field, commas(3*tt.max), commas(tt.max))},
			})
		})
	}
}

// commas writes n as the messages do: 1,001.
func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func TestAttendeeBoundsEveryFieldOfARow(t *testing.T) {
	input := fullHeader + "A1," + strings.Repeat("f", 301) + ",Dupont,,,,,,," + strings.Repeat("n", 3201) + "\n"
	got, err := ReadAttendees(strings.NewReader(input), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, got.Problems, []problem{
		{2, "first_name is 301 characters, at most 300"},
		{2, "note is 3,201 characters, at most 1,000"},
	})
	if want := "line 2: first_name is 301 characters, at most 300; note is 3,201 characters, at most 1,000"; len(got.Problems) == 1 && got.Problems[0].String() != want {
		t.Errorf("problem = %q, want %q", got.Problems[0], want)
	}
}

// A French Excel export (semicolons, Windows-1252, CRLF) with one note
// pasted far too long: that row is named by its line, the others are good.
func TestFrenchExportWithOneOverlongNote(t *testing.T) {
	long := strings.Repeat("Accès fauteuil roulant, prévenir l'équipe. ", 75) // 43 characters × 75
	input := cp1252(t, crlf("Id;First Name;Last Name;Organisation;Note\n"+
		"A1;Médéric;PETIT;Société Générale;Accès fauteuil roulant\n"+
		"A2;Françoise;Lefèvre;Œuvres « sociales »;"+long+"\n"+
		"A3;Zoë;Ñúñez;Mairie de Besançon;\n"))
	got, err := ReadAttendees(strings.NewReader(input), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Encoding != EncodingWindows1252 {
		t.Errorf("encoding = %q", got.Encoding)
	}
	var ids []string
	for _, a := range got.Attendees {
		ids = append(ids, a.ID)
	}
	if strings.Join(ids, " ") != "A1 A3" {
		t.Errorf("ids = %q, want A1 A3", ids)
	}
	n := len([]rune(strings.TrimSpace(long)))
	want := fmt.Sprintf("line 3: note is %s characters, at most 1,000", commas(n))
	if len(got.Problems) != 1 || got.Problems[0].String() != want {
		t.Fatalf("problems = %q, want [%q]", got.Problems, want)
	}
	if got.Attendees[0].Organisation != "Société Générale" || got.Attendees[1].Name() != "Zoë Ñúñez" {
		t.Errorf("accents lost: %+v", got.Attendees)
	}
}

func TestCheckpointFieldBounds(t *testing.T) {
	input := "id,name,name_en,room\n" +
		strings.Repeat("c", kiosk.MaxCheckpointIDLength) + "," + strings.Repeat("é", kiosk.MaxCheckpointNameLength) + "," +
		strings.Repeat("e", kiosk.MaxCheckpointNameLength) + "," + strings.Repeat("r", kiosk.MaxRoomLength) + "\n" +
		strings.Repeat("d", kiosk.MaxCheckpointIDLength+1) + ",D,,\n" +
		"b," + strings.Repeat("é", kiosk.MaxCheckpointNameLength+1) + ",,\n" +
		"c,C," + strings.Repeat("e", kiosk.MaxCheckpointNameLength+1) + ",\n" +
		"d,D,," + strings.Repeat("r", 1500) + "\n"
	got, err := ReadCheckpoints(strings.NewReader(input), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Checkpoints) != 1 || len(got.Checkpoints[0].ID) != kiosk.MaxCheckpointIDLength {
		t.Errorf("checkpoints = %+v, want the one at every bound", got.Checkpoints)
	}
	checkProblems(t, got.Problems, []problem{
		{3, "column id: " + `"` + strings.Repeat("d", kiosk.MaxCheckpointIDLength+1) + `" is longer than 64 bytes`},
		{4, "name is 201 characters, at most 200"},
		{5, "name_en is 201 characters, at most 200"},
		{6, "room is 1,500 characters, at most 200"},
	})
}
