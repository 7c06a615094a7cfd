package dev.sparkjobs.abandon;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each job's status was last read on this instance. A read costs a map write: the reads reach
 * the store in batches ({@link #takeUnwritten}), so polling a job does not write a row each time.
 */
public final class JobReads {

    private final Clock clock;
    private volatile Instant since;
    private final Map<JobId, Instant> last = new ConcurrentHashMap<>();
    private final Map<JobId, Instant> unwritten = new ConcurrentHashMap<>();
    private final Map<JobId, Integer> waiting = new ConcurrentHashMap<>();

    public JobReads(Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
    }

    /** Someone read the job's status now; kept only for a job that may be abandoned. */
    public void touch(Job job) {
        if (job.isTerminal() || job.spec().cancelIfUnpolled() == null) {
            return;
        }
        JobId id = job.id();
        Instant now = clock.instant();
        last.merge(id, now, JobReads::later);
        unwritten.merge(id, now, JobReads::later);
    }

    /** The last read here, or null when there was none since this instance started. */
    public Instant lastRead(JobId id) {
        return last.get(id);
    }

    /**
     * When this instance started keeping reads: nobody can be told a job was unread for longer, since
     * reads before it (on another instance, or before a restart) may not have reached the store.
     */
    public Instant since() {
        return since;
    }

    /** The reads not yet written to the store, taken out: the caller writes them (or gives them back). */
    public Map<JobId, Instant> takeUnwritten() {
        Map<JobId, Instant> taken = new HashMap<>();
        for (JobId id : unwritten.keySet()) {
            Instant at = unwritten.remove(id);
            if (at != null) {
                taken.put(id, at);
            }
        }
        return taken;
    }

    /** Reads that could not be written, kept for the next batch. */
    public void giveBack(Map<JobId, Instant> reads) {
        reads.forEach((id, at) -> unwritten.merge(id, at, JobReads::later));
    }

    /** The job is over: its reads no longer matter. */
    public void forget(JobId id) {
        last.remove(id);
        unwritten.remove(id);
    }

    /**
     * Drops reads older than {@code cutoff} (once written): a read that old cannot save any job from the
     * sweep, since no job may wait longer than the longest {@code cancelIfUnpolled} allowed.
     */
    public void forgetBefore(Instant cutoff) {
        last.entrySet().removeIf(e -> e.getValue().isBefore(cutoff) && !unwritten.containsKey(e.getKey()));
    }

    /**
     * Starts every job's clock again from now: called when the sweep starts, after the driver lease
     * is held and recovery ran, not when this object is built (the lease wait can take minutes).
     */
    public void start() {
        since = clock.instant();
    }

    /** A caller is waiting for the job (a long poll): it is being read until {@link #endWait}. */
    public void beginWait(JobId id) {
        waiting.merge(id, 1, Integer::sum);
    }

    /** The wait that {@link #beginWait} announced is over (answered, timed out or dropped). */
    public void endWait(JobId id) {
        waiting.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** Whether a caller is waiting for the job right now. */
    public boolean isWaitedFor(JobId id) {
        return waiting.containsKey(id);
    }

    /**
     * Drops the reads of jobs that ended (on any instance, by any path): the memory kept stays that of
     * the jobs still watched.
     */
    public void forgetEnded(ReadTimes store) {
        List<JobId> ids = new ArrayList<>(last.keySet());
        for (int from = 0; from < ids.size(); from += 500) {
            store.ended(ids.subList(from, Math.min(ids.size(), from + 500))).forEach(this::forget);
        }
    }

    int tracked() {
        return last.size();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
