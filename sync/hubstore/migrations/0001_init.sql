-- The hub's store. Times are Unix nanoseconds (UTC).

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Change counters for what kiosks download: each roster, checkpoint or
-- revocation change takes the next number of its series, and a kiosk asks
-- for what changed since the number it has.
CREATE TABLE series (
	name    TEXT PRIMARY KEY,
	version INTEGER NOT NULL
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
	version      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX attendees_code ON attendees(code) WHERE code <> '';
CREATE INDEX attendees_version ON attendees(version);

CREATE TABLE checkpoints (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	name_en    TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL,
	room       TEXT NOT NULL DEFAULT '',
	starts_at  INTEGER NOT NULL DEFAULT 0,
	ends_at    INTEGER NOT NULL DEFAULT 0,
	capacity   INTEGER NOT NULL DEFAULT 0,
	categories TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE revocations (
	attendee_id TEXT NOT NULL,
	issue       INTEGER NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	at          INTEGER NOT NULL,
	version     INTEGER NOT NULL,
	PRIMARY KEY (attendee_id, issue)
) STRICT, WITHOUT ROWID;

-- Kiosks hold their own credential; the hub keeps only its hash.
CREATE TABLE kiosks (
	name            TEXT PRIMARY KEY,
	role            TEXT NOT NULL,
	credential_hash TEXT NOT NULL UNIQUE,
	created_at      INTEGER NOT NULL,
	revoked_at      INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- One-time enrollment codes, by the hash of their token.
CREATE TABLE enrollments (
	token_hash TEXT PRIMARY KEY,
	kiosk      TEXT NOT NULL,
	role       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Every scan of every kiosk. cursor orders scans as the hub stored them:
-- kiosks resume the relay of admitted scans from it.
CREATE TABLE scans (
	cursor      INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	kiosk       TEXT NOT NULL,
	epoch       TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	checkpoint  TEXT NOT NULL,
	direction   TEXT NOT NULL,
	verdict     TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	attendee_id TEXT NOT NULL DEFAULT '',
	at          INTEGER NOT NULL,
	first_at    INTEGER NOT NULL DEFAULT 0,
	first_kiosk TEXT NOT NULL DEFAULT '',
	hub_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX scans_admitted ON scans(cursor) WHERE verdict = 'accepted';

-- The highest sequence number stored for each kiosk and epoch: what the hub
-- acknowledges, and where a reconnecting kiosk resumes.
CREATE TABLE progress (
	kiosk     TEXT NOT NULL,
	epoch     TEXT NOT NULL,
	acked_seq INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	PRIMARY KEY (kiosk, epoch)
) STRICT, WITHOUT ROWID;
