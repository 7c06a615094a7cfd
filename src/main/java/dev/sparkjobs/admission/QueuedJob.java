package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;

/** A waiting job as the queue sees it: higher priority first, then submission order. */
public record QueuedJob(JobId id, String tenant, String pool, int priority, long sequence)
        implements Comparable<QueuedJob> {

    @Override
    public int compareTo(QueuedJob other) {
        int byPriority = Integer.compare(other.priority, priority);
        return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
    }
}
