-- Why a running job's cancel was asked (CANCELLED on request, ABANDONED unread), kept with
-- cancel_requested_at so that however the attempt then ends (its own end, a crash, a lost lease) the
-- job ends with that reason. Null for rows asked before: they were cancelled on request.
ALTER TABLE job ADD COLUMN cancel_reason VARCHAR(16);
