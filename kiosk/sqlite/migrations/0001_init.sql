-- The kiosk's store. Times are Unix nanoseconds (UTC) so that ordering and
-- arithmetic need no parsing.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE attendees (
	id           TEXT PRIMARY KEY,
	first_name   TEXT NOT NULL DEFAULT '',
	last_name    TEXT NOT NULL DEFAULT '',
	organisation TEXT NOT NULL DEFAULT '',
	category     TEXT NOT NULL DEFAULT 'visitor',
	country      TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT 'fr',
	email        TEXT NOT NULL DEFAULT '',
	code         TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	-- The folded words of name, organisation, code and id, each preceded by
	-- a space: " mederic petit media contact services a0001".
	search       TEXT NOT NULL DEFAULT '',
	updated_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Outside registration codes are unique when present.
CREATE UNIQUE INDEX attendees_code ON attendees(code) WHERE code <> '';

-- One row per folded word of an attendee's search text: name search is a
-- prefix range scan on this index for one word, the other words are matched
-- in attendees.search.
CREATE TABLE search_words (
	word        TEXT NOT NULL,
	attendee_id TEXT NOT NULL,
	PRIMARY KEY (word, attendee_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE checkpoints (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	name_en    TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL,
	room       TEXT NOT NULL DEFAULT '',
	starts_at  INTEGER NOT NULL DEFAULT 0,
	ends_at    INTEGER NOT NULL DEFAULT 0,
	capacity   INTEGER NOT NULL DEFAULT 0,
	categories TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

-- issue 0 revokes every badge of the attendee, and their outside code.
CREATE TABLE revocations (
	attendee_id TEXT NOT NULL,
	issue       INTEGER NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	at          INTEGER NOT NULL,
	PRIMARY KEY (attendee_id, issue)
) STRICT, WITHOUT ROWID;

-- Every scan, refused ones too. seq is the kiosk's own sequence for the
-- hub's acknowledgements; id is the idempotency key.
CREATE TABLE scans (
	seq         INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	kiosk       TEXT NOT NULL,
	checkpoint  TEXT NOT NULL,
	direction   TEXT NOT NULL,
	verdict     TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	attendee_id TEXT NOT NULL DEFAULT '',
	payload     TEXT NOT NULL DEFAULT '',
	at          INTEGER NOT NULL,
	first_at    INTEGER NOT NULL DEFAULT 0,
	first_kiosk TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX scans_attendee ON scans(attendee_id, at) WHERE attendee_id <> '';

-- Where each attendee stands at each checkpoint, kept in step with scans in
-- the same transaction so a decision reads one row, not the history.
CREATE TABLE presence (
	attendee_id TEXT NOT NULL,
	checkpoint  TEXT NOT NULL,
	inside      INTEGER NOT NULL,
	first_at    INTEGER NOT NULL,
	first_kiosk TEXT NOT NULL,
	PRIMARY KEY (attendee_id, checkpoint)
) STRICT, WITHOUT ROWID;

CREATE TABLE occupancy (
	checkpoint TEXT PRIMARY KEY,
	inside     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Scans not yet acknowledged by the hub; written with the scan.
CREATE TABLE outbox (
	seq INTEGER PRIMARY KEY REFERENCES scans(seq)
) STRICT;
