-- The badge token the hub signed for a walk-in, to print in place of the
-- bare code; empty until the hub has answered.
ALTER TABLE walkins ADD COLUMN token TEXT NOT NULL DEFAULT '';
