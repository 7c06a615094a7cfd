package dev.sparkjobs.job;

import java.time.Instant;

/**
 * One run of a job that was retried: when it ran and how it ended. The job's current run is not
 * among its attempts; it is the job's own state and times.
 *
 * @param outcome {@code FAILED}, {@code TIMED_OUT}, {@code DRIVER_RESTART} or {@code DELTA_CONFLICT}
 */
public record Attempt(int number, Instant startedAt, Instant endedAt, String outcome, JobError error) {}
