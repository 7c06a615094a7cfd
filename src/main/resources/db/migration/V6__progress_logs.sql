-- How far a job's last attempt got (Spark's counts and the job's own last step), as JSON, written when
-- the attempt ends; while it runs, the service answers from memory.
CREATE TABLE job_progress (
    job_id   VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    attempt  INTEGER     NOT NULL,
    progress TEXT        NOT NULL
);

-- What a job logged on its thread, every attempt's lines numbered on from the last (seq from 0).
CREATE TABLE job_log (
    job_id  VARCHAR(36)  NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    seq     BIGINT       NOT NULL,
    attempt INTEGER      NOT NULL,
    ts      TIMESTAMP WITH TIME ZONE NOT NULL,
    level   VARCHAR(8)   NOT NULL,
    logger  VARCHAR(200) NOT NULL,
    message TEXT         NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- Lines a job logged past its cap (jobservice.logs.max-lines-per-job), counted, not kept.
CREATE TABLE job_log_dropped (
    job_id  VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    dropped BIGINT      NOT NULL
);
