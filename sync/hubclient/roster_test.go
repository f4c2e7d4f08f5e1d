package hubclient_test

import (
	"context"
	"fmt"
	"testing"
)

// A roster larger than one message arrives whole, in pages.
func TestLargeRosterArrivesInPages(t *testing.T) {
	for _, n := range []int{4500, 4000} { // 4,000 is two full pages exactly
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			v := newVenue(t, roster(n))
			d := v.door(t, t.TempDir(), "door-a")
			eventually(t, "whole roster and its version", func() bool {
				count, _ := d.store.CountAttendees(context.Background())
				st, _ := d.store.SyncState(context.Background())
				return count == n && st.RosterVersion == 1
			})
		})
	}
}
