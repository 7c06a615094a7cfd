package dev.sparkjobs.job;

import java.util.Objects;

/**
 * Where a job stands, without the rest of it: what a reader of many jobs' states (a batch's view)
 * needs, read without their params and results.
 *
 * @param error why it did not succeed; null while it runs or once it succeeded
 */
public record JobStatus(JobId id, JobState state, JobError error) {

    public JobStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }

    public static JobStatus of(Job job) {
        return new JobStatus(job.id(), job.state(), job.error());
    }
}
