-- The General Meeting (CONTRACT.md): each attendee's votes and the members
-- whose proxy they hold (ids separated by single spaces); a checkpoint's
-- quorum as written ("1/4", "25%", "120"; empty: not a meeting) and its
-- speakers (ids separated by single spaces).
ALTER TABLE attendees ADD COLUMN votes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attendees ADD COLUMN proxy_for TEXT NOT NULL DEFAULT '';
ALTER TABLE checkpoints ADD COLUMN quorum TEXT NOT NULL DEFAULT '';
ALTER TABLE checkpoints ADD COLUMN speakers TEXT NOT NULL DEFAULT '';

-- The first time each meeting reached its quorum, kept even when an undone
-- check-in later takes the meeting back below it, and across restarts.
CREATE TABLE quorum_reached (
	checkpoint TEXT PRIMARY KEY,
	at         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
