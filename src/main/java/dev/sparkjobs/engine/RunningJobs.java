package dev.sparkjobs.engine;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts that hold a worker thread here, one per job. An attempt is claimed before its
 * QUEUED→RUNNING compare-and-set and released after its end is recorded, so every job the store
 * shows RUNNING on this instance has its handle here for as long as its thread works on it: a cancel
 * that follows the compare-and-set always finds it, and a second launch of the same attempt (a
 * reconciler that queued it again) finds the claim taken and backs off without touching anything.
 */
final class RunningJobs {

    private final Map<JobId, RunningJob> byJob = new ConcurrentHashMap<>();

    /**
     * Claims {@code attempt} of the job for {@code thread}. A later attempt replaces an earlier one
     * whose thread is still finishing (a retry without backoff).
     *
     * @return the handle, or null when this attempt (or a later one) is claimed already
     */
    RunningJob claim(JobId id, int attempt, Thread thread) {
        RunningJob mine = new RunningJob(id, attempt, thread);
        RunningJob held = byJob.compute(id, (k, h) -> h == null || h.attempt() < attempt ? mine : h);
        return held == mine ? mine : null;
    }

    /** Drops the handle, if it is still the job's, and wakes whoever waits for none to run. */
    void release(RunningJob handle) {
        byJob.remove(handle.id(), handle);
        synchronized (this) {
            notifyAll();
        }
    }

    /** The handle of the job's claimed attempt, or null. */
    RunningJob get(JobId id) {
        return byJob.get(id);
    }

    boolean holds(JobId id, int attempt) {
        RunningJob h = byJob.get(id);
        return h != null && h.attempt() == attempt;
    }

    List<RunningJob> all() {
        return List.copyOf(byJob.values());
    }

    int size() {
        return byJob.size();
    }

    /** @return true when none is left within {@code limit} */
    synchronized boolean awaitNone(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!byJob.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
