// Package fold turns names into the accent- and case-free words that name
// search matches against, so that staff typing "mederic" on a US keyboard
// find "Médéric PETIT".
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Letters that Unicode does not decompose into a base letter and a mark.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h",
}

// String returns s in lower case without diacritics, with every run of
// characters that are neither letters nor digits turned into one space.
func String(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading separators
	if !isASCII(s) {
		s = norm.NFD.String(s)
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if sp, ok := special[r]; ok {
				b.WriteString(sp)
			} else {
				b.WriteRune(r)
			}
			space = false
		case r == '\'' || r == '’':
			// N'Diaye is searched as "ndiaye" as often as "n diaye": keep both
			// halves together by dropping the apostrophe.
			continue
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// Words returns the folded words of s, each once, in order of appearance.
func Words(s string) []string {
	fields := strings.Fields(String(s))
	seen := make(map[string]bool, len(fields))
	out := fields[:0]
	for _, f := range fields {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
