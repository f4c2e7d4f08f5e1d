-- Outside codes are looked up by their hash (kiosk.CodeHash: SHA-256 of the
-- event id and the code), which every kiosk keeps; the code itself is kept
-- only where staff need it (desks, and kiosks without a hub), so that a
-- self or session kiosk's disk holds nothing that prints a working badge.
-- SQLite has no SHA-256: the store fills the hashes of the codes already
-- here in Go when it opens (settleCodes), and drops them where not kept.
ALTER TABLE attendees ADD COLUMN code_hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX attendees_code_hash ON attendees(code_hash) WHERE code_hash <> '';
