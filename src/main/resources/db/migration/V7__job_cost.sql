-- What each ended attempt of a job cost in Spark work (task metrics summed over its tasks), written
-- when the attempt ends whatever its end; a job's cost is the sum over its attempts (the peak: the
-- largest). While an attempt runs, the service adds its live figures from memory.
CREATE TABLE job_cost (
    job_id                      VARCHAR(36) NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    attempt                     INTEGER     NOT NULL,
    tasks                       BIGINT      NOT NULL,
    task_cpu_nanos              BIGINT      NOT NULL,
    executor_run_millis         BIGINT      NOT NULL,
    gc_millis                   BIGINT      NOT NULL,
    input_bytes                 BIGINT      NOT NULL,
    input_rows                  BIGINT      NOT NULL,
    output_bytes                BIGINT      NOT NULL,
    output_rows                 BIGINT      NOT NULL,
    shuffle_read_bytes          BIGINT      NOT NULL,
    shuffle_write_bytes         BIGINT      NOT NULL,
    peak_execution_memory_bytes BIGINT      NOT NULL,
    PRIMARY KEY (job_id, attempt)
);
