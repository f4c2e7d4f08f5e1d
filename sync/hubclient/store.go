package hubclient

import (
	"context"

	"github.com/accueil/accueil/kiosk"
)

// Store is what the client needs of the kiosk's store: the settings that
// say how to reach the hub, the outbox it empties, and where what the hub
// sends goes. The kiosk's SQLite store (kiosk/sqlite) is the one
// implementation; the client knows nothing of SQL or files. Each method
// commits before it returns: the client acknowledges nothing on the
// strength of a write still in memory.
type Store interface {
	// Setting returns a stored setting, or an error wrapping
	// kiosk.ErrNotFound when it was never set.
	Setting(ctx context.Context, key string) (string, error)
	// SetSettings stores several settings at once.
	SetSettings(ctx context.Context, kv map[string]string) error

	// PendingScans returns up to limit queued scans after sequence number
	// after, in order.
	PendingScans(ctx context.Context, after int64, limit int) ([]kiosk.StoredScan, error)
	// CountPending is how many scans wait for the hub.
	CountPending(ctx context.Context) (int, error)
	// AckScans drops from the outbox the scans up to seq, which the hub
	// stored.
	AckScans(ctx context.Context, seq int64) error
	// HubGeneration is the hub generation last spoken to ("" for none).
	// Resync, for a hub that may lack what it was given (restored, new,
	// promoted), queues again this kiosk's scans above ackedSeq and
	// restarts the relay and downloads for a new generation; it returns
	// how many scans it queued.
	HubGeneration(ctx context.Context) (string, error)
	Resync(ctx context.Context, generation string, ackedSeq int64) (int, error)
	// PendingWalkIns are walk-ins registered here and not yet sent;
	// SaveWalkInBadges keeps the tokens the hub signed for them, and
	// MarkWalkInsSent takes them out of the queue.
	PendingWalkIns(ctx context.Context) ([]kiosk.Attendee, error)
	SaveWalkInBadges(ctx context.Context, tokens map[string]string) error
	MarkWalkInsSent(ctx context.Context, ids []string) error

	// SyncState is how far the kiosk has applied what the hub sends; the
	// Apply methods record each part with its version (or cursor).
	SyncState(ctx context.Context) (kiosk.SyncState, error)
	ApplyRelayed(ctx context.Context, cursor int64, scans []kiosk.RelayedScan) error
	ApplyRosterWithBadges(ctx context.Context, version int64, list []kiosk.Attendee, badges map[string]string) error
	// IndexSearch completes the search index once a roster's pages have
	// stopped coming (a download into an empty roster leaves it aside).
	IndexSearch(ctx context.Context) error
	ApplyCheckpoints(ctx context.Context, version int64, list []kiosk.Checkpoint) error
	ApplyRevocations(ctx context.Context, version int64, list []kiosk.Revocation) error
}
