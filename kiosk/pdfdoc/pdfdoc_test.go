package pdfdoc_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk/pdfdoc"
)

func TestMissing(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"french", "Hélène Lefèvre-Çağlar, Œuvre", ""},
		{"vietnamese", "Nguyễn Thị Ánh", ""},
		{"greek and cyrillic", "Αθηνά Мария", ""},
		{"han", "Awa 王芳", "王芳"},
		{"emoji once", "Awa 🎉🎉", "🎉"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(pdfdoc.Missing(tc.in)); got != tc.want {
				t.Errorf("Missing(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNewWritesAccents(t *testing.T) {
	if _, err := pdfdoc.New("Letter"); err == nil {
		t.Fatal("Letter accepted")
	}
	doc, err := pdfdoc.New(pdfdoc.A6)
	if err != nil {
		t.Fatal(err)
	}
	doc.AddPage()
	doc.SetFont(pdfdoc.Family, "B", 20)
	doc.Text(10, 20, "Hélène Nguyễn Çağlar")
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: cannot read the PDF back")
	}
	path := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "Hélène Nguyễn Çağlar") {
		t.Errorf("text read back: %q", out)
	}
}
