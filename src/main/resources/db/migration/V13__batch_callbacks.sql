-- Batch callbacks: the outbox of V9 for batches, one row per batch that asked for one, written in the
-- transaction that stores the batch. A row is due once its batch is terminal, PENDING and past
-- next_attempt_at; the sender reads job_callback and batch_callback through one store. The rows go
-- with their batch when retention deletes it (ON DELETE CASCADE).
--
-- A repair sets a batch's row PENDING again (due once the batch ends again) and records in
-- earlier_attempts how many attempts earlier endings made: attempts are numbered on, and each ending
-- gets the whole retry budget. A job is never repaired: its earlier_attempts stays 0.
CREATE TABLE batch_callback (
    batch_id         VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES batch (id) ON DELETE CASCADE,
    kind             VARCHAR(16)   NOT NULL,
    url              VARCHAR(4096) NOT NULL,
    headers          TEXT,
    secret           VARCHAR(256),
    state            VARCHAR(16)   NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    earlier_attempts INTEGER       DEFAULT 0 NOT NULL
);

CREATE INDEX batch_callback_due_idx ON batch_callback (state, next_attempt_at);

-- Every delivery attempt, for GET /api/v1/batches/{id}.
CREATE TABLE batch_callback_attempt (
    batch_id    VARCHAR(36)  NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
    attempt     INTEGER      NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code INTEGER,
    error       VARCHAR(500),
    duration_ms BIGINT       NOT NULL,
    PRIMARY KEY (batch_id, attempt)
);

-- The job outbox takes the same shape, so that one set of statements serves both.
ALTER TABLE job_callback ADD COLUMN earlier_attempts INTEGER DEFAULT 0 NOT NULL;
