-- Weighted admission: a job's share of the running capacity (1 for a typical job).
ALTER TABLE job ADD COLUMN weight DOUBLE PRECISION DEFAULT 1 NOT NULL;
-- The tables a job writes and how, as JSON [{"table": "db.t", "kind": "MERGE"}]: conflicting jobs do not run together.
ALTER TABLE job ADD COLUMN writes TEXT DEFAULT '[]' NOT NULL;
-- Retries of Delta commit conflicts, a budget apart from max_retries; 0 for jobs not safe to repeat.
ALTER TABLE job ADD COLUMN conflict_retries INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE job ADD COLUMN conflict_backoff_ms BIGINT DEFAULT 0 NOT NULL;
