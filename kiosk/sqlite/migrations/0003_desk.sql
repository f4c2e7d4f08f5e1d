-- The entrance desk. An undo is an exit scan that names the check-in it
-- cancels; a check-in is undone at most once.
ALTER TABLE scans ADD COLUMN undoes TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX scans_undoes ON scans(undoes) WHERE undoes <> '';

-- The desk lists this kiosk's own scans, newest first, however many the
-- hub relays from other kiosks.
CREATE INDEX scans_local ON scans(seq) WHERE hub_cursor = 0;

-- Walk-ins registered at this desk, until the hub has them.
CREATE TABLE walkins (
	attendee_id TEXT PRIMARY KEY,
	created_at  INTEGER NOT NULL,
	sent        INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
