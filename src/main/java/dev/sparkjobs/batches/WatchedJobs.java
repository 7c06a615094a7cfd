package dev.sparkjobs.batches;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.job.JobId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The QUEUED and RUNNING jobs of the RUNNING batches, as each batch's last step left them: which batch
 * the end of a job concerns, without a read of the store on every job's end. Written on the
 * coordinator's thread; {@link #batchOf} is asked from any thread.
 */
final class WatchedJobs {

    private final Map<JobId, BatchId> batchByJob = new ConcurrentHashMap<>();
    private final Map<BatchId, Set<JobId>> jobsByBatch = new HashMap<>();
    /** The batch being stepped now, whose newest jobs are not watched yet. */
    private volatile BatchId stepping;

    /** The batch of a job that ended; null for a job of no RUNNING batch. */
    BatchId batchOf(JobId job) {
        BatchId batch = batchByJob.remove(job);
        // a job the step going on has just made is not watched yet: it may be that batch's
        return batch != null ? batch : stepping;
    }

    void stepping(BatchId id) {
        stepping = id;
    }

    /** What the step of {@code id} left active; nothing once it ended. Ends the step. */
    void stepped(BatchId id, Set<JobId> active) {
        Set<JobId> before = active.isEmpty() ? jobsByBatch.remove(id) : jobsByBatch.put(id, Set.copyOf(active));
        if (before != null) {
            before.stream().filter(j -> !active.contains(j)).forEach(batchByJob::remove);
        }
        active.forEach(j -> batchByJob.put(j, id));
        stepping = null;
    }

    /** Forgets the batches that are no longer RUNNING. */
    void retainOnly(Collection<BatchId> running) {
        Set<BatchId> keep = new HashSet<>(running);
        for (BatchId id : List.copyOf(jobsByBatch.keySet())) {
            if (!keep.contains(id)) {
                stepped(id, Set.of());
            }
        }
    }
}
