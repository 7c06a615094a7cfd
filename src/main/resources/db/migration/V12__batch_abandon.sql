-- Abandoned-batch cancel: how long a RUNNING batch may go unread (null: forever), its last read as
-- written in batches from the serving instance's memory, and why a cancel was asked for.
ALTER TABLE batch ADD COLUMN cancel_if_unpolled_seconds BIGINT;
ALTER TABLE batch ADD COLUMN last_read_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE batch ADD COLUMN cancel_reason VARCHAR(16);
