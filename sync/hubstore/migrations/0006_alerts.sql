-- Arrivals that matter: a stored log of alerts for organisers and desks,
-- kept across restarts. One row per attendee for an arrival, one per
-- speaker and session for a missing speaker (scope is the session, empty
-- for an arrival): the unique key makes an alert show once per person.
-- Names, categories and notes are read from attendees, so a purge of the
-- roster leaves none here; `hub purge` deletes the rows too.
CREATE TABLE alerts (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	attendee_id TEXT NOT NULL,
	scope       TEXT NOT NULL DEFAULT '',
	checkpoint  TEXT NOT NULL DEFAULT '',
	kiosk       TEXT NOT NULL DEFAULT '',
	at          INTEGER NOT NULL,
	acked_at    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (kind, attendee_id, scope)
) STRICT;
CREATE INDEX alerts_at ON alerts(at);
