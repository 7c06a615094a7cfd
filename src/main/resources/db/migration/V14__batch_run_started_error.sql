-- When a batch's current run began: its timeout counts from there, so that a repair gets the whole
-- timeout again. Null until a repair: the run began at submitted_at.
ALTER TABLE batch ADD COLUMN run_started_at TIMESTAMP WITH TIME ZONE;
-- Why the coordinator ended a batch it could not step (its steps kept failing); null otherwise.
ALTER TABLE batch ADD COLUMN error VARCHAR(2000);
