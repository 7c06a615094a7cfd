-- Undoes V15__scale.sql, for going back to a version before it (H2 and PostgreSQL). Run it with every
-- instance stopped, after the last one with V15 stopped and before the first older one starts: an
-- older version reads WAITING as an unknown delivery state (a GET of such a job fails) and never
-- sends a WAITING callback. The next upgrade applies V15 again.
UPDATE job_callback SET state = 'PENDING' WHERE state = 'WAITING';
UPDATE batch_callback SET state = 'PENDING' WHERE state = 'WAITING';
CREATE INDEX job_state_run_by_idx ON job (state, run_by);
DROP INDEX job_tenant_state_seq_idx;
DELETE FROM "flyway_schema_history" WHERE "version" = '15';
