package dev.sparkjobs.job;

import java.time.Instant;

/**
 * A QUEUED job as the queue needs it, without its params: what the reconciler reads in bounded pages.
 *
 * @param seq the job's position in submission order, the page cursor
 * @param notBefore the earliest start of a retry's next attempt, or null
 */
public record QueuedEntry(
        long seq, JobId id, String tenant, String pool, int priority, Instant submittedAt, Instant notBefore) {

    /** Since when the job may start: its submission, or the end of its retry's backoff. */
    public Instant waitingSince() {
        return notBefore != null ? notBefore : submittedAt;
    }
}
