-- Abandoned-job cancel: how long a job may go unread while QUEUED or RUNNING (null: forever), and its
-- last status read as written in batches from the serving instance's memory.
ALTER TABLE job ADD COLUMN cancel_if_unpolled_seconds BIGINT;
ALTER TABLE job ADD COLUMN last_read_at TIMESTAMP WITH TIME ZONE;
