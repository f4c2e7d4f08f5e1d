package app

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/qr"
)

func runDecode(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	code := m.Run(context.Background(), append([]string{"decode"}, args...))
	return code, out.String(), errOut.String()
}

func writeImage(t *testing.T, path string, img image.Image, enc func(*os.File, image.Image) error) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := enc(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeCommand(t *testing.T) {
	dir := t.TempDir()
	// A fixed key, so the symbols are the same on every run.
	key, err := kiosk.ParsePrivateKey("ed25519-private:QWNjdWVpbCB0ZXN0IGtleSwgbm90IGZvciBldmVudHM=")
	if err != nil {
		t.Fatal(err)
	}
	tok1, err := key.Sign(kiosk.Token{Event: "faic2016", AttendeeID: "A0001", Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	tok2, err := key.Sign(kiosk.Token{Event: "faic2016", AttendeeID: "B0042"})
	if err != nil {
		t.Fatal(err)
	}
	badge1 := filepath.Join(dir, "badge1.png")
	badge2 := filepath.Join(dir, "badge2.png")
	if err := qr.WritePNG(badge1, tok1, 4); err != nil {
		t.Fatal(err)
	}
	if err := qr.WritePNG(badge2, tok2, 7); err != nil {
		t.Fatal(err)
	}
	code3, err := qr.Encode(tok2, 5)
	if err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(dir, "photo.jpg")
	writeImage(t, photo, code3, func(f *os.File, img image.Image) error { return jpeg.Encode(f, img, &jpeg.Options{Quality: 85}) })
	blank := filepath.Join(dir, "blank.png")
	white := image.NewGray(image.Rect(0, 0, 200, 120))
	for i := range white.Pix {
		white.Pix[i] = 0xff
	}
	writeImage(t, blank, white, func(f *os.File, img image.Image) error { return png.Encode(f, img) })
	text := filepath.Join(dir, "notes.png")
	if err := os.WriteFile(text, []byte("this is not an image\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.png")

	t.Run("all decoded", func(t *testing.T) {
		code, out, errOut := runDecode(t, badge1, badge2, photo)
		if code != exitOK {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		want := badge1 + "\t" + tok1 + "\n" + badge2 + "\t" + tok2 + "\n" + photo + "\t" + tok2 + "\n"
		if out != want {
			t.Fatalf("output\n%q\nwant\n%q", out, want)
		}
	})

	t.Run("some failed", func(t *testing.T) {
		code, out, _ := runDecode(t, badge1, blank, text, missing, badge2)
		if code != exitFailure {
			t.Fatalf("exit %d, want %d", code, exitFailure)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		want := []struct{ file, prefix string }{
			{badge1, tok1},
			{blank, "error: no QR code found"},
			{text, "error: cannot read image: "},
			{missing, "error: cannot read image: "},
			{badge2, tok2},
		}
		if len(lines) != len(want) {
			t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
		}
		for i, w := range want {
			file, rest, ok := strings.Cut(lines[i], "\t")
			if !ok || file != w.file || !strings.HasPrefix(rest, w.prefix) {
				t.Errorf("line %d = %q, want %q<TAB>%s…", i, lines[i], w.file, w.prefix)
			}
		}
		if !strings.Contains(lines[3], "no such file") {
			t.Errorf("missing file line %q does not say why", lines[3])
		}
		if lines[1] != blank+"\terror: no QR code found" {
			t.Errorf("blank line = %q", lines[1])
		}
	})

	t.Run("no file", func(t *testing.T) {
		code, out, errOut := runDecode(t)
		if code != exitUsage || out != "" || !strings.Contains(errOut, "kiosk decode FILE") {
			t.Fatalf("exit %d, stdout %q, stderr %q; want usage and exit %d", code, out, errOut, exitUsage)
		}
	})
}
