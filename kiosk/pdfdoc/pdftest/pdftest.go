// Package pdftest reads the PDFs Accueil writes back the way a person or
// a printer would, with poppler-utils: the text, each word's place on the
// page, and a page rendered to pixels. Tests only import it.
package pdftest

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// NeedPoppler skips the test, saying why, when pdftotext or pdftoppm is
// missing (CI installs poppler-utils).
func NeedPoppler(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: install poppler-utils to read the PDFs back", tool)
		}
	}
}

// Text is the text of the PDF at path, as pdftotext reads it in UTF-8;
// args are more pdftotext options ("-layout", "-bbox", ...).
func Text(t testing.TB, path string, args ...string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", append(append(args, "-enc", "UTF-8"), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// Word is one word of a page and its box, in millimetres from the page's
// top left corner.
type Word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// Words reads every word's box with pdftotext -bbox; a PDF without words
// fails the test.
func Words(t testing.TB, path string) []Word {
	t.Helper()
	var out []Word
	for _, line := range strings.Split(Text(t, path, "-bbox"), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "<word ") {
			continue
		}
		var w Word
		for _, f := range []struct {
			name string
			v    *float64
		}{{"xMin", &w.XMin}, {"yMin", &w.YMin}, {"xMax", &w.XMax}, {"yMax", &w.YMax}} {
			_, rest, ok := strings.Cut(line, f.name+`="`)
			if !ok {
				t.Fatalf("no %s in %q", f.name, line)
			}
			v, err := strconv.ParseFloat(rest[:strings.IndexByte(rest, '"')], 64)
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			*f.v = v * 25.4 / 72 // points to mm
		}
		_, rest, _ := strings.Cut(line, ">")
		w.Text, _, _ = strings.Cut(rest, "<")
		out = append(out, w)
	}
	if len(out) == 0 {
		t.Fatal("no words in the PDF")
	}
	return out
}

// RenderPage renders one page (from 1) at dpi, as a printer would see it.
func RenderPage(t testing.TB, path string, page, dpi int) image.Image {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	p := strconv.Itoa(page)
	if out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-png", "-f", p, "-l", p, "-singlefile", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}
