package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.job.JobId;
import java.util.UUID;

/**
 * Whose end a callback reports: a job's or a batch's. The outbox keeps one row per subject.
 *
 * @param kind a job or a batch
 * @param id the job's or the batch's id
 */
public record CallbackSubject(Kind kind, UUID id) {

    /** What ends. */
    public enum Kind {
        /** A job: due once it is terminal (SKIPPED included). */
        JOB,
        /** A batch: due once it is terminal, and again after a repair once it ends again. */
        BATCH
    }

    public static CallbackSubject of(JobId job) {
        return new CallbackSubject(Kind.JOB, job.value());
    }

    public static CallbackSubject of(BatchId batch) {
        return new CallbackSubject(Kind.BATCH, batch.value());
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id;
    }
}
