-- Callbacks wait for their subject in a state of their own: a row is WAITING until its job or batch
-- ends, and the transaction that ends it makes the row PENDING (a repair makes a batch's row WAITING
-- again). PENDING then means "its subject has ended", so the due query reads only
-- job_callback_due_idx / batch_callback_due_idx, however many unended jobs have a callback.
UPDATE job_callback SET state = 'WAITING'
WHERE state = 'PENDING' AND job_id IN (SELECT id FROM job WHERE state IN ('QUEUED', 'RUNNING'));

UPDATE batch_callback SET state = 'WAITING'
WHERE state = 'PENDING' AND batch_id IN (SELECT id FROM batch WHERE state = 'RUNNING');
