package sqlitedb

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// appendJSONRows reads back as json.Marshal's output does, whatever the
// strings hold.
func TestAppendJSONRows(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]string
	}{
		{"none", [][]string{}},
		{"plain", [][]string{{"mederic", "A0001"}, {"petit", "A0001"}}},
		{"quotes and backslashes", [][]string{{`say "hi"`, `C:\dir\`}}},
		{"control characters", [][]string{{"a\nb\r\tc\x00\x1f\x7f"}}},
		{"accents and other scripts", [][]string{{"Médéric", "Nguyễn", "東京", "😀", "\u2028"}}},
		{"invalid UTF-8", [][]string{{"é\xff", "\xc3\x28", strings.Repeat("\xff", 3)}}},
		{"HTML", [][]string{{"<b>&amp;</b>"}}},
		{"empty strings", [][]string{{"", ""}, {}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.rows)
			if err != nil {
				t.Fatal(err)
			}
			var fromMarshal, fromOurs [][]string
			if err := json.Unmarshal(want, &fromMarshal); err != nil {
				t.Fatal(err)
			}
			got := appendJSONRows(nil, tc.rows)
			if err := json.Unmarshal(got, &fromOurs); err != nil {
				t.Fatalf("%s: %v", got, err)
			}
			if !slices.EqualFunc(fromOurs, fromMarshal, slices.Equal[[]string]) {
				t.Errorf("%s reads back as %q, json.Marshal's as %q", got, fromOurs, fromMarshal)
			}
		})
	}
}
