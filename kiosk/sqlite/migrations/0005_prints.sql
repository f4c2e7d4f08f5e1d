-- The badge token the hub signed for a roster attendee. The hub sends it to
-- desk kiosks only, so that the desk can reprint a lost badge; it stays
-- empty on every other kiosk.
ALTER TABLE attendees ADD COLUMN badge TEXT NOT NULL DEFAULT '';

-- Every badge this desk sent to a printer: a badge is printed once unless
-- staff confirm a reprint. The payload is kept only as a hash.
CREATE TABLE prints (
	seq          INTEGER PRIMARY KEY,
	attendee_id  TEXT NOT NULL,
	payload_hash TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('token', 'code')),
	printer      TEXT NOT NULL,
	job          TEXT NOT NULL,
	at           INTEGER NOT NULL,
	action       TEXT NOT NULL CHECK (action IN ('first', 'reprint'))
) STRICT;
CREATE INDEX prints_attendee ON prints(attendee_id, seq);

-- A desk enrolled before badges came with the roster gets the whole roster
-- again at its next connection, badges included; other kiosks just apply
-- the same roster once more.
UPDATE settings SET value = '0' WHERE key = 'sync_roster_version';
