-- When a batch's current run began: its timeout counts from there, so that a repair gets the whole
-- timeout again. Null until a repair: the run began at submitted_at.
ALTER TABLE batch ADD COLUMN run_started_at TIMESTAMP WITH TIME ZONE;
