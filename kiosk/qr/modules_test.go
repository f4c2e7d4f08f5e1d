package qr_test

import (
	"testing"

	"github.com/accueil/accueil/kiosk/qr"
)

// Modules is the same code Encode draws: module for module, at the place
// Encode puts it after the quiet zone.
func TestModules(t *testing.T) {
	tests := []struct {
		name, payload string
		side          int // modules, without the quiet zone
	}{
		{"outside code", "WZ-7K3Q9P2M", 21},
		{"max signed token", maxToken(t), 45},
		{"accents", "Médéric PETIT", 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := qr.Modules(tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			if len(m) != tt.side || len(m[0]) != tt.side {
				t.Fatalf("matrix %d×%d, want %d×%d", len(m[0]), len(m), tt.side, tt.side)
			}
			const px = 3
			img, err := qr.Encode(tt.payload, px)
			if err != nil {
				t.Fatal(err)
			}
			for y, row := range m {
				for x, dark := range row {
					v := img.GrayAt((x+qr.QuietZone)*px+1, (y+qr.QuietZone)*px+1).Y
					if dark != (v == 0) {
						t.Fatalf("module (%d,%d): Modules says dark=%v, Encode drew %d", x, y, dark, v)
					}
				}
			}
		})
	}
	if _, err := qr.Modules(""); err == nil {
		t.Error("an empty payload gave a matrix")
	}
}
