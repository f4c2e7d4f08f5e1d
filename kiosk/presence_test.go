package kiosk_test

import (
	"testing"

	"github.com/accueil/accueil/kiosk"
)

func TestMove(t *testing.T) {
	tests := []struct {
		name      string
		wasInside bool
		dir       kiosk.Direction
		want      int
	}{
		{"entry", false, kiosk.In, 1},
		{"entry while inside (next morning, double entry)", true, kiosk.In, 0},
		{"exit", true, kiosk.Out, -1},
		{"exit with no entry", false, kiosk.Out, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kiosk.Move(tt.wasInside, tt.dir); got != tt.want {
				t.Errorf("Move = %d, want %d", got, tt.want)
			}
			if got := kiosk.Inside(tt.dir); got != (tt.dir == kiosk.In) {
				t.Errorf("Inside(%s) = %v", tt.dir, got)
			}
		})
	}
}
