-- Retries: the current attempt, when it may start, the job's retry policy; one row per ended attempt.
ALTER TABLE job ADD COLUMN attempt INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE job ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
ALTER TABLE job ADD COLUMN max_retries INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE job ADD COLUMN retry_backoff_ms BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE job ADD COLUMN retry_max_backoff_ms BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE job ADD COLUMN retry_on VARCHAR(64) DEFAULT '' NOT NULL;

CREATE TABLE job_attempt (
    job_id        VARCHAR(36) NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    attempt       INTEGER     NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE,
    ended_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome       VARCHAR(16) NOT NULL,
    error_type    VARCHAR(200),
    error_message TEXT,
    PRIMARY KEY (job_id, attempt)
);

-- Retention deletes by finish time.
CREATE INDEX job_finished_idx ON job (finished_at);

-- One service per database: the instance that runs jobs holds this lease and renews it.
CREATE TABLE service_lease (
    name       VARCHAR(64)  PRIMARY KEY,
    owner      VARCHAR(200) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
