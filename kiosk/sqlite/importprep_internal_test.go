package sqlite

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

// wordBatches lists every (word, id) pair once, in index order, in
// batches of at most wordBatchPairs.
func TestWordBatches(t *testing.T) {
	many := make([]string, wordBatchPairs+1)
	for i := range many {
		many[i] = fmt.Sprintf("P%06d", len(many)-i)
	}
	for _, tc := range []struct {
		name    string
		index   map[string][]string
		batches int
	}{
		{"none", map[string][]string{}, 0},
		{"one word", map[string][]string{"awa": {"A2", "A1"}}, 1},
		{"ids needing escapes", map[string][]string{"petit": {`A"1`, `B\2`}, "mederic": {"é\x01"}}, 1},
		{"a batch and one more", map[string][]string{"wz": slices.Clone(many)}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want [][2]string
			for w, ids := range tc.index {
				for _, id := range ids {
					want = append(want, [2]string{w, id})
				}
			}
			slices.SortFunc(want, func(a, b [2]string) int {
				if c := cmp.Compare(a[0], b[0]); c != 0 {
					return c
				}
				return cmp.Compare(a[1], b[1])
			})
			batches := wordBatches(tc.index)
			if len(batches) != tc.batches {
				t.Errorf("%d batches, want %d", len(batches), tc.batches)
			}
			var got [][2]string
			for _, b := range batches {
				var pairs [][2]string
				if err := json.Unmarshal([]byte(b), &pairs); err != nil {
					t.Fatalf("%s: %v", b, err)
				}
				if len(pairs) > wordBatchPairs {
					t.Errorf("a batch of %d pairs", len(pairs))
				}
				got = append(got, pairs...)
			}
			if !slices.Equal(got, want) {
				t.Errorf("pairs %q, want %q", got, want)
			}
		})
	}
}
