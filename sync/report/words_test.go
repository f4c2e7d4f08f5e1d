package report

import "testing"

// Counts and shares are written the way each language's readers write
// them, and a refusal reason newer than the catalogue is shown, not lost.
func TestWords(t *testing.T) {
	fr, en := words{}, words{en: true}
	tests := []struct {
		name, got, want string
	}{
		{"French thousands", fr.int(1234567), "1\u00a0234\u00a0567"},
		{"English thousands", en.int(1234567), "1,234,567"},
		{"small count", fr.int(12), "12"},
		{"negative count as is", en.int(-1500), "-1500"},
		{"French share", fr.pct(1, 3), "33,3\u00a0%"},
		{"English share", en.pct(1, 3), "33.3%"},
		{"share of nothing", fr.pct(1, 0), "–"},
		{"unknown key shown as is", en.s("not_allowed_here/moon_phase"), "not_allowed_here/moon_phase"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
