-- The hub believes a kiosk only as far as its role (docs/security.md).
-- Walk-ins remember the desk that registered them, so that no walk-in
-- message ever rewrites an attendee: the same desk sending the same walk-in
-- again is an answer lost on the way, anything else is refused.
CREATE TABLE walkins (
	attendee_id TEXT PRIMARY KEY,
	kiosk       TEXT NOT NULL,
	created_at  INTEGER NOT NULL
) STRICT;

-- How an admission was made, checked by the hub before it counted: token,
-- code (an outside registration code), manual (staff at a desk, no badge)
-- or undo. Empty for refusals, and for scans stored before this column.
ALTER TABLE scans ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
