package dev.sparkjobs.abandon;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Where the last status read of each job is kept for the sweep to find, across restarts. */
public interface ReadTimes {

    /**
     * A QUEUED or RUNNING job that may be abandoned.
     *
     * @param lastReadAt the last read written to the store; null when none was
     */
    record Watched(
            JobId id,
            String type,
            JobState state,
            Duration cancelIfUnpolled,
            Instant submittedAt,
            Instant lastReadAt) {}

    /** Up to {@code limit} QUEUED or RUNNING jobs that carry a {@code cancelIfUnpolled}, oldest first. */
    List<Watched> watched(int limit);

    /** Records each job's last read, in one batch; a later read already stored is kept. */
    void recordReads(Map<JobId, Instant> reads);
}
