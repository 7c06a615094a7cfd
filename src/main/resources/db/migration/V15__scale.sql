-- Callbacks wait for their subject in a state of their own: a row is WAITING until its job or batch
-- ends, and the transaction that ends it makes the row PENDING (a repair makes a batch's row WAITING
-- again). PENDING then means "its subject has ended", so the due query reads only
-- job_callback_due_idx / batch_callback_due_idx, however many unended jobs have a callback.
UPDATE job_callback SET state = 'WAITING'
WHERE state = 'PENDING' AND job_id IN (SELECT id FROM job WHERE state IN ('QUEUED', 'RUNNING'));

UPDATE batch_callback SET state = 'WAITING'
WHERE state = 'PENDING' AND batch_id IN (SELECT id FROM batch WHERE state = 'RUNNING');

-- GET /jobs?tenant=..&state=.. newest first: with only (tenant, seq) and (state, seq), PostgreSQL
-- bitmap-ANDs two indexes and sorts, or walks one index filtering on the other column (EXPLAIN in
-- docs/benchmarks/explain-postgres.md); this one reads just the page.
CREATE INDEX job_tenant_state_seq_idx ON job (tenant, state, seq);

-- (state, seq) serves findRunningOn (state = RUNNING, then run_by among the few running jobs, in seq
-- order) and the state IN lists; one index fewer to write on every submit and transition.
DROP INDEX job_state_run_by_idx;
