package hubclient_test

import (
	"context"
	"fmt"
	"testing"
)

// A roster larger than one message arrives whole, in pages, and once the
// last page is in the desk can search it: the client completes the
// search index the pages left aside, with no search needed to start it.
func TestLargeRosterArrivesInPages(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{4500, 4000} { // 4,000 is two full pages exactly
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			v := newVenue(t, roster(n))
			d := v.door(t, t.TempDir(), "door-a")
			eventually(t, "whole roster and its version", func() bool {
				count, _ := d.store.CountAttendees(ctx)
				st, _ := d.store.SyncState(ctx)
				return count == n && st.RosterVersion == 1
			})
			eventually(t, "the search index completed", func() bool {
				indexed, _ := d.store.SearchIndexed(ctx)
				return indexed
			})
			last := fmt.Sprintf("Diallo %d", n)
			found, err := d.store.Search(ctx, last, 5)
			if err != nil || len(found) != 1 || found[0].ID != fmt.Sprintf("A%04d", n) {
				t.Errorf("Search(%q) = %v, %v", last, found, err)
			}
		})
	}
}
