-- The service instance that runs (or last ran) the current attempt; state changes are fenced by the lease.
ALTER TABLE job ADD COLUMN run_by VARCHAR(200);

CREATE INDEX job_state_run_by_idx ON job (state, run_by);
