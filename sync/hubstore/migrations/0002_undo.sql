-- A desk's undo names the check-in it cancels: the counts drop that
-- admission, and the export shows it.
ALTER TABLE scans ADD COLUMN undoes TEXT NOT NULL DEFAULT '';
