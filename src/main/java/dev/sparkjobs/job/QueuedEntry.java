package dev.sparkjobs.job;

import java.time.Instant;
import java.util.List;

/**
 * A QUEUED job as the queue needs it, without its params: what the reconciler reads in bounded pages.
 *
 * @param seq the job's position in submission order, the page cursor
 * @param notBefore the earliest start of a retry's next attempt, or null
 * @param weight the job's share of the running capacity
 * @param writes the tables it writes and how
 */
public record QueuedEntry(
        long seq,
        JobId id,
        String tenant,
        String pool,
        int priority,
        Instant submittedAt,
        Instant notBefore,
        double weight,
        List<TableWrite> writes) {

    public QueuedEntry {
        writes = writes == null ? List.of() : List.copyOf(writes);
    }

    /** An entry of weight 1 that writes no table. */
    public QueuedEntry(
            long seq, JobId id, String tenant, String pool, int priority, Instant submittedAt, Instant notBefore) {
        this(seq, id, tenant, pool, priority, submittedAt, notBefore, JobSpec.DEFAULT_WEIGHT, List.of());
    }

    /** Since when the job may start: its submission, or the end of its retry's backoff. */
    public Instant waitingSince() {
        return notBefore != null ? notBefore : submittedAt;
    }
}
