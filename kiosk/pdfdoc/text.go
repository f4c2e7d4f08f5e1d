package pdfdoc

import (
	"strings"

	"github.com/go-pdf/fpdf"
)

// Clean replaces what the embedded font cannot draw with "?", and control
// characters with spaces, so that a name written with an emoji prints as a
// visible mark rather than a hole or a broken layout.
func Clean(s string) string {
	missing := Missing(s)
	if len(missing) == 0 && !strings.ContainsFunc(s, isControl) {
		return s
	}
	gone := map[rune]bool{}
	for _, r := range missing {
		gone[r] = true
	}
	return strings.Map(func(r rune) rune {
		switch {
		case isControl(r):
			return ' '
		case gone[r]:
			return '?'
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Fit cleans s and cuts it to width w in the document's current font,
// ending it with an ellipsis if it was cut.
func Fit(doc *fpdf.Fpdf, s string, w float64) string {
	s = Clean(s)
	if doc.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(strings.TrimSuffix(s, "…"))
	for len(r) > 0 && doc.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// Wrap cleans s and breaks it into lines of width w in the current font,
// at most maxLines (the last one then ends with an ellipsis); a word wider
// than w is cut where it must be.
func Wrap(doc *fpdf.Fpdf, s string, w float64, maxLines int) []string {
	s = Clean(s)
	if doc.GetStringWidth(s) <= w {
		return []string{s}
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if doc.GetStringWidth(try) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = ""
		for _, r := range word {
			if line != "" && doc.GetStringWidth(line+string(r)) > w {
				lines = append(lines, line)
				line = ""
			}
			line += string(r)
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = Fit(doc, lines[maxLines-1]+"…", w)
	}
	return lines
}
