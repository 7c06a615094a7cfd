package dev.sparkjobs.execution;

import dev.sparkjobs.job.Job;

/** The job a submission led to; {@code created} is false when an idempotency key matched. */
public record SubmitOutcome(Job job, boolean created) {}
