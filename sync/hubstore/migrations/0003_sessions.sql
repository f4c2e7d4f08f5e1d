-- Organisers' dashboard sessions: a login makes one; the cookie carries its
-- random id, never the organisers' token. Only the id's hash is kept, so a
-- copy of the database opens no session. Sessions end at expires_at, after
-- an idle spell, at logout, and all at once with `hub token -rotate`.
CREATE TABLE dashboard_sessions (
	id_hash    TEXT PRIMARY KEY,
	csrf       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX dashboard_sessions_created ON dashboard_sessions(created_at);
