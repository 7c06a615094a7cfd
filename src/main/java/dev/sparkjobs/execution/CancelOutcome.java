package dev.sparkjobs.execution;

import dev.sparkjobs.job.Job;

/**
 * What a cancel did: {@code done} when the job is already CANCELLED (it was queued), false when a
 * running job was asked to stop and will become CANCELLED once its Spark work has ended.
 */
public record CancelOutcome(Job job, boolean done) {}
