-- Scans relayed by the hub from other kiosks carry the hub's relay cursor;
-- local scans keep 0. Relayed scans never enter the outbox.
ALTER TABLE scans ADD COLUMN hub_cursor INTEGER NOT NULL DEFAULT 0;
