-- The outbox becomes a cursor. The scans waiting for the hub were always
-- this kiosk's own (hub_cursor = 0) after the highest seq the hub had
-- acknowledged (acks are cumulative, and a resync only lowers that mark):
-- scans_local indexes them already, so a scan no longer writes an outbox
-- row as well, one page fewer in each scan's commit.
INSERT INTO settings (key, value)
	SELECT 'sync_acked_seq', CAST(COALESCE((SELECT min(seq) - 1 FROM outbox),
		(SELECT max(seq) FROM scans WHERE hub_cursor = 0), 0) AS TEXT)
	WHERE true
	ON CONFLICT (key) DO UPDATE SET value = excluded.value;
DROP TABLE outbox;
