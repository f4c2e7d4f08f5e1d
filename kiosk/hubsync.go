package kiosk

import "errors"

// What a kiosk keeps in step with its hub, named here because two adapters
// speak of it: the kiosk's store holds it, and the sync client
// (sync/hubclient) reads and fills it through the store's interface it
// declares, without knowing the store.

// ErrNotFound is returned when a looked-up row or setting does not exist.
var ErrNotFound = errors.New("not found")

// StoredScan is a scan with its local sequence number: the outbox sends
// scans in that order, and the hub acknowledges the highest it stored.
type StoredScan struct {
	Seq int64
	Scan
}

// RelayedScan is an admitted scan of another kiosk, as the hub relays it;
// Cursor says how far the relay has come, to resume after a restart.
type RelayedScan struct {
	Scan
	Cursor int64
}

// Revocation withdraws badges: Issue 0 every badge of the attendee and
// their outside code, n > 0 only the n-th badge.
type Revocation struct {
	AttendeeID string
	Issue      int
	Reason     string
}

// SyncState is how far this kiosk has applied what the hub sends.
type SyncState struct {
	RosterVersion      int64
	CheckpointsVersion int64
	RevocationsVersion int64
	SeenCursor         int64
}
