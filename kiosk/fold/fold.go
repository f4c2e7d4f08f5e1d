// Package fold turns names into the accent- and case-free words that name
// search matches against, so that staff typing "mederic" on a US keyboard
// find "Médéric PETIT".
package fold

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Letters that Unicode does not decompose into a base letter and a mark.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h",
}

// latin holds the folded form of every character from U+0080 to U+017F
// (Latin-1 and Latin Extended-A: the accented letters of French and of most
// European names), worked out once by the general path below, so that the
// names of a whole roster fold without a Unicode decomposition each.
// A separator is stored as " ".
var latin = func() (t [0x180 - 0x80]string) {
	for i := range t {
		if f := decompose(string(rune(0x80 + i))); f != "" {
			t[i] = f
		} else {
			t[i] = " "
		}
	}
	return t
}()

// String returns s in lower case without diacritics, with every run of
// characters that are neither letters nor digits turned into one space.
func String(s string) string {
	b := make([]byte, 0, len(s))
	space := true // drop leading separators
	for _, r := range s {
		var f string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b = append(b, byte(r))
			space = false
			continue
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r)+'a'-'A')
			space = false
			continue
		case r == '\'':
			continue
		case r < 0x80:
			f = " "
		case r < 0x180:
			f = latin[r-0x80]
		default:
			// Other scripts, combining marks, typographic apostrophes:
			// the general path, for the whole string (marks may follow).
			return decompose(s)
		}
		if f != " " {
			b = append(b, f...)
			space = false
		} else if !space {
			b = append(b, ' ')
			space = true
		}
	}
	if space && len(b) > 0 {
		b = b[:len(b)-1]
	}
	return string(b)
}

// decompose is String for any text: canonical decomposition, then marks
// dropped and letters lowered one by one.
func decompose(s string) string {
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
	out := fields[:0]
	// A name has a handful of words: a linear look-up beats a map's
	// allocation, up to a bound that keeps a pasted paragraph linear too.
	var seen map[string]bool
	for _, f := range fields {
		if len(fields) > 16 {
			if seen == nil {
				seen = make(map[string]bool, len(fields))
			}
			if seen[f] {
				continue
			}
			seen[f] = true
		} else if slices.Contains(out, f) {
			continue
		}
		out = append(out, f)
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
