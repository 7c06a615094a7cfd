-- Tenants. A job belongs to one tenant; its caller's name moves from owner to submitted_by.
ALTER TABLE job ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE job RENAME COLUMN owner TO submitted_by;
UPDATE job SET submitted_by = 'anonymous' WHERE submitted_by = '';

-- An Idempotency-Key is the tenant's own: the same key from two tenants names two jobs. Dropping the
-- column drops its global UNIQUE constraint, whose name differs between H2 and PostgreSQL.
ALTER TABLE job ADD COLUMN tenant_idempotency_key VARCHAR(128);
UPDATE job SET tenant_idempotency_key = idempotency_key;
ALTER TABLE job DROP COLUMN idempotency_key;
ALTER TABLE job RENAME COLUMN tenant_idempotency_key TO idempotency_key;
CREATE UNIQUE INDEX job_tenant_idempotency_key_idx ON job (tenant, idempotency_key);

CREATE INDEX job_tenant_seq_idx ON job (tenant, seq);
