package fold

import (
	"slices"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Médéric PETIT", "mederic petit"},
		{"  Françoise   Lefèvre-Dupont ", "francoise lefevre dupont"},
		{"N'Diaye", "ndiaye"},
		{"Nguyễn Đặng", "nguyen dang"},
		{"Wójcik Łukasz", "wojcik lukasz"},
		{"Straße Œuvre", "strasse oeuvre"},
		{"Ștefan", "stefan"},
		{"'; DROP TABLE attendees;--", "drop table attendees"},
		{"مريم", "مريم"},
		{"", ""},
		{"😀 A", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	got := Words("Ville de Lyon — ville de LYON")
	if want := []string{"ville", "de", "lyon"}; !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

// The table path and the general path agree on every character the table
// holds, alone and between letters, and on text mixing both.
func TestLatinTableMatchesDecomposition(t *testing.T) {
	for r := rune(0x20); r < 0x180; r++ {
		for _, s := range []string{string(r), "a" + string(r) + "b", " " + string(r) + "Z9 ", string(r) + "'x"} {
			if got, want := String(s), decompose(s); got != want {
				t.Errorf("String(%q) = %q, the general path gives %q", s, got, want)
			}
		}
	}
	for _, s := range []string{"Hélène  N'Diaye-Ouédraogo", "ÉLOÏSE Bœuf", "Ville de Hué ", "A\u0301B", "Đặng É", "«Cités» ± 3"} {
		if got, want := String(s), decompose(s); got != want {
			t.Errorf("String(%q) = %q, the general path gives %q", s, got, want)
		}
	}
}
