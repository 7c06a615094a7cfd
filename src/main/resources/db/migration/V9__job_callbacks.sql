-- Callbacks: one row per job that asked for one, written at submit. It is the outbox: a row whose job
-- has ended and whose state is PENDING is due at next_attempt_at, so a delivery the service did not
-- finish before it stopped is picked up after a restart by the same query that finds new ones.
CREATE TABLE job_callback (
    job_id          VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    kind            VARCHAR(16)   NOT NULL,
    url             VARCHAR(4096) NOT NULL,
    headers         TEXT,
    secret          VARCHAR(256),
    state           VARCHAR(16)   NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX job_callback_due_idx ON job_callback (state, next_attempt_at);

-- Every delivery attempt, for GET /api/v1/jobs/{id}.
CREATE TABLE job_callback_attempt (
    job_id      VARCHAR(36)  NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    attempt     INTEGER      NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code INTEGER,
    error       VARCHAR(500),
    duration_ms BIGINT       NOT NULL,
    PRIMARY KEY (job_id, attempt)
);
