package qr_test

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/qr"
)

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// maxToken signs tokens for ever longer attendee ids and returns the longest
// that Sign accepts: the biggest payload a real badge carries.
func maxToken(t *testing.T) string {
	t.Helper()
	// A fixed key, so the symbols are the same on every run.
	key, err := kiosk.ParsePrivateKey("ed25519-private:QWNjdWVpbCB0ZXN0IGtleSwgbm90IGZvciBldmVudHM=")
	if err != nil {
		t.Fatal(err)
	}
	longest := ""
	for n := 1; n <= 255; n++ {
		tok, err := key.Sign(kiosk.Token{Event: "faic2016", AttendeeID: strings.Repeat("A", n)})
		if errors.Is(err, kiosk.ErrTokenTooLong) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		longest = tok
	}
	if longest == "" {
		t.Fatal("could not sign any token")
	}
	return longest
}

// syntheticToken is a token-shaped string of exactly kiosk.TokenMaxBytes
// characters, the bound the contract promises fits version 7.
func syntheticToken() string {
	var b strings.Builder
	b.WriteString(kiosk.TokenPrefix)
	for i := 0; b.Len() < kiosk.TokenMaxBytes; i++ {
		b.WriteByte(base32Alphabet[i%len(base32Alphabet)])
	}
	return b.String()
}

func TestRoundTrip(t *testing.T) {
	// A fixed key, so the symbols are the same on every run.
	key, err := kiosk.ParsePrivateKey("ed25519-private:QWNjdWVpbCB0ZXN0IGtleSwgbm90IGZvciBldmVudHM=")
	if err != nil {
		t.Fatal(err)
	}
	token, err := key.Sign(kiosk.Token{Event: "faic2016", AttendeeID: "A0001", Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	alnum := strings.Repeat("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", 4)[:170]

	tests := []struct {
		name     string
		payload  string
		modulePx int
	}{
		{"token", token, 4},
		{"max signed token", maxToken(t), 3},
		{"token of TokenMaxBytes", syntheticToken(), 2},
		{"outside code", "WZ-7K3Q9P2M", 5},
		{"digits", "20160704", 3},
		{"accents", "Médéric PETIT", 4},
		{"vietnamese", "Nguyễn Thị Hương — Đà Nẵng", 4},
		{"170 alphanumeric", alnum, 3},
		{"lower case", "https://example.org/badge?id=a0001", 3},
		{"one pixel per module", token, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, err := qr.Encode(tc.payload, tc.modulePx)
			if err != nil {
				t.Fatal(err)
			}
			checkGeometry(t, img, tc.payload, tc.modulePx)
			got, err := qr.Decode(img)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got != tc.payload {
				t.Errorf("Decode = %q, want %q", got, tc.payload)
			}
		})
	}
}

// checkGeometry checks that the image is (version size + quiet zone) modules
// of exactly px pixels, each module a single colour, the quiet zone white.
func checkGeometry(t *testing.T, img *image.Gray, payload string, px int) {
	t.Helper()
	v, err := qr.Version(payload)
	if err != nil {
		t.Fatal(err)
	}
	modules := 17 + 4*v + 2*qr.QuietZone
	b := img.Bounds()
	if b.Dx() != modules*px || b.Dy() != modules*px {
		t.Fatalf("image %v, want %d×%d (version %d, %d px modules)", b, modules*px, modules*px, v, px)
	}
	for my := range modules {
		for mx := range modules {
			want := img.GrayAt(mx*px, my*px).Y
			quiet := mx < qr.QuietZone || my < qr.QuietZone || mx >= modules-qr.QuietZone || my >= modules-qr.QuietZone
			if (want != 0 && want != 0xff) || (quiet && want != 0xff) {
				t.Fatalf("module (%d,%d) = %d", mx, my, want)
			}
			for y := my * px; y < (my+1)*px; y++ {
				for x := mx * px; x < (mx+1)*px; x++ {
					if img.GrayAt(x, y).Y != want {
						t.Fatalf("module (%d,%d) is not a uniform %d px square", mx, my, px)
					}
				}
			}
		}
	}
}

func TestVersion(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		max     int
	}{
		{"max signed token", maxToken(t), 7},
		{"token of TokenMaxBytes", syntheticToken(), 7},
		{"short code", "WZ-7K3Q9P2M", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := qr.Version(tc.payload)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d characters: version %d", len(tc.payload), v)
			if v < 1 || v > tc.max {
				t.Errorf("version %d for %d characters, want 1–%d", v, len(tc.payload), tc.max)
			}
		})
	}
	// One character more than a version 7 holds must not silently fit.
	if v, err := qr.Version(syntheticToken() + "A"); err != nil || v != 8 {
		t.Errorf("Version(179 alphanumeric) = %d, %v; want 8", v, err)
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name     string
		payload  string
		modulePx int
	}{
		{"empty payload", "", 4},
		{"zero module size", "WZ-7K3Q9P2M", 0},
		{"negative module size", "WZ-7K3Q9P2M", -3},
		{"huge module size", "WZ-7K3Q9P2M", qr.MaxModulePx + 1},
		{"too long for any version", strings.Repeat("é", 3000), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := qr.Encode(tc.payload, tc.modulePx); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := qr.Version(""); err == nil {
		t.Error("Version(\"\"): no error")
	}
}

func TestDecodeNoCode(t *testing.T) {
	white := image.NewGray(image.Rect(0, 0, 200, 200))
	for i := range white.Pix {
		white.Pix[i] = 0xff
	}
	noise := image.NewGray(image.Rect(0, 0, 320, 240))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(rng.IntN(256))
	}
	stripes := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for y := range 200 {
		for x := range 300 {
			if (x/7)%2 == 0 {
				stripes.Set(x, y, color.Black)
			} else {
				stripes.Set(x, y, color.White)
			}
		}
	}
	// A real code with its middle third wiped out: found, not read.
	damaged, err := qr.Encode(syntheticToken(), 4)
	if err != nil {
		t.Fatal(err)
	}
	d := damaged.Bounds().Dx()
	for y := d / 3; y < 2*d/3; y++ {
		for x := d / 3; x < 2*d/3; x++ {
			damaged.SetGray(x, y, color.Gray{Y: 0xff})
		}
	}

	tests := []struct {
		name string
		img  image.Image
	}{
		{"nil", nil},
		{"0×0", image.NewGray(image.Rect(0, 0, 0, 0))},
		{"1×1", image.NewGray(image.Rect(0, 0, 1, 1))},
		{"20×400", image.NewGray(image.Rect(0, 0, 20, 400))},
		{"white", white},
		{"black", image.NewGray(image.Rect(0, 0, 200, 200))},
		{"noise", noise},
		{"stripes", stripes},
		{"damaged code", damaged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := qr.Decode(tc.img)
			if err == nil {
				t.Fatalf("Decode = %q, want an error", got)
			}
			if !errors.Is(err, qr.ErrNotFound) && !errors.Is(err, qr.ErrUnreadable) {
				t.Errorf("error %q wraps neither ErrNotFound nor ErrUnreadable", err)
			}
			t.Log(err)
		})
	}
}

func TestDecodeInvertedAndOffset(t *testing.T) {
	const payload = "WZ-7K3Q9P2M"
	img, err := qr.Encode(payload, 4)
	if err != nil {
		t.Fatal(err)
	}
	// Light on dark, as a phone in dark mode shows it, in an image whose
	// bounds do not start at the origin (a sub-image of a camera frame).
	b := img.Bounds()
	inv := image.NewGray(b.Add(image.Pt(37, 11)))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			inv.SetGray(x+37, y+11, color.Gray{Y: 0xff - img.GrayAt(x, y).Y})
		}
	}
	got, err := qr.Decode(inv)
	if err != nil || got != payload {
		t.Errorf("Decode(inverted) = %q, %v; want %q", got, err, payload)
	}
}

func TestWritePNG(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "badge.png")
	token := maxToken(t)
	if err := qr.WritePNG(path, token, 6); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := qr.Decode(img)
	if err != nil || got != token {
		t.Errorf("Decode(PNG) = %q, %v; want %q", got, err, token)
	}

	if err := qr.WritePNG(filepath.Join(dir, "missing", "x.png"), token, 6); err == nil {
		t.Error("WritePNG into a missing folder: no error")
	}
	if err := qr.WritePNG(filepath.Join(dir, "empty.png"), "", 6); err == nil {
		t.Error("WritePNG of an empty payload: no error")
	}
	if _, err := os.Stat(filepath.Join(dir, "empty.png")); !errors.Is(err, os.ErrNotExist) {
		t.Error("WritePNG of an empty payload left a file")
	}
}
