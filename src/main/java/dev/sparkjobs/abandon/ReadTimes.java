package dev.sparkjobs.abandon;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where the last status read of each job is kept for the sweep to find, across restarts. */
public interface ReadTimes {

    /**
     * A QUEUED or RUNNING job that may be abandoned.
     *
     * @param lastReadAt the last read written to the store; null when none was
     * @param seq the job's place in submission order: the cursor of {@link #watched(long, int)}
     */
    record Watched(
            JobId id,
            String type,
            JobState state,
            Duration cancelIfUnpolled,
            Instant submittedAt,
            Instant lastReadAt,
            long seq) {

        public Watched(
                JobId id,
                String type,
                JobState state,
                Duration cancelIfUnpolled,
                Instant submittedAt,
                Instant lastReadAt) {
            this(id, type, state, cancelIfUnpolled, submittedAt, lastReadAt, 0);
        }
    }

    /** Up to {@code limit} QUEUED or RUNNING jobs that carry a {@code cancelIfUnpolled}, oldest first. */
    default List<Watched> watched(int limit) {
        return watched(0, limit);
    }

    /** As {@link #watched(int)}, from the job after {@code afterSeq} on: one page of a walk over all of them. */
    List<Watched> watched(long afterSeq, int limit);

    /** Those of {@code ids} that are no longer QUEUED or RUNNING (or no longer stored). */
    Set<JobId> ended(Collection<JobId> ids);

    /** Records each job's last read, in one batch; a later read already stored is kept. */
    void recordReads(Map<JobId, Instant> reads);
}
