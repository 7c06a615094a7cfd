package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Owns the queue and the running slots: the only place that says no to work. A submission first
 * {@link #reserve reserves} a queue place (or is refused), is then made durable by the caller, and
 * only then {@link #enqueue enqueued}; a failed write {@link #unreserve gives the place back}.
 * Jobs leave the queue by priority (higher first), FIFO within a priority, whenever both the global
 * cap and their pool's cap have room.
 */
public final class AdmissionController {

    private final int maxRunning;
    private final int maxQueued;
    private final Duration retryAfter;
    private final PoolQueues pools;
    private final ReentrantLock lock = new ReentrantLock();
    /** Jobs launched and not yet finished, with how many launches of each are out (a retry may overlap). */
    private final Map<JobId, Integer> launched = new HashMap<>();

    private Consumer<QueuedJob> launcher;
    private int running;
    private int reserved;
    private boolean closed;
    /** Closed by a fence rather than a shutdown: {@link #unfence} may open it again, {@link #open} too. */
    private boolean fenced;

    public AdmissionController(AdmissionProperties properties) {
        this.maxRunning = properties.effectiveMaxRunning();
        this.maxQueued = properties.maxQueued();
        this.retryAfter = properties.retryAfter();
        this.pools = new PoolQueues(properties);
    }

    /** Who starts a job that leaves the queue; set once, before the first job is enqueued. */
    public void launchWith(Consumer<QueuedJob> jobLauncher) {
        this.launcher = jobLauncher;
    }

    public boolean knowsPool(String pool) {
        return pools.knows(pool);
    }

    public List<String> poolNames() {
        return pools.names();
    }

    /**
     * Holds one queue place for a job about to be stored.
     *
     * @throws QueueFullException when {@code maxQueued} places are taken
     */
    public void reserve(String tenant) {
        lock.lock();
        try {
            if (closed) {
                throw fenced ? ShuttingDownException.fenced(retryAfter) : new ShuttingDownException(retryAfter);
            }
            if (reserved >= maxQueued) {
                throw new QueueFullException(maxQueued, retryAfter);
            }
            reserved++;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a place whose job was never stored. */
    public void unreserve(String tenant) {
        lock.lock();
        try {
            reserved--;
        } finally {
            lock.unlock();
        }
    }

    /** Turns a reserved place into a waiting job, then starts what the caps allow. */
    public void enqueue(JobId id, String tenant, String pool, int priority) {
        List<QueuedJob> toLaunch;
        lock.lock();
        try {
            pools.add(id, tenant, pool, priority);
            toLaunch = takeLaunchable();
        } finally {
            lock.unlock();
        }
        launchAll(toLaunch);
    }

    /**
     * Queues a job accepted by an earlier run of the service, found QUEUED at start-up. It was
     * accepted already, so {@code maxQueued} does not apply; call in the jobs' original order.
     */
    public void restore(JobId id, String tenant, String pool, int priority) {
        lock.lock();
        try {
            reserved++;
        } finally {
            lock.unlock();
        }
        enqueue(id, tenant, pool, priority);
    }

    /**
     * Queues a job found QUEUED in the store unless this controller holds it already, waiting or
     * launched; the check and the queuing are one step.
     *
     * @return false when it was held already
     */
    public boolean restoreIfAbsent(JobId id, String tenant, String pool, int priority) {
        List<QueuedJob> toLaunch;
        lock.lock();
        try {
            if (holds(id)) {
                return false;
            }
            reserved++;
            pools.add(id, tenant, pool, priority);
            toLaunch = takeLaunchable();
        } finally {
            lock.unlock();
        }
        launchAll(toLaunch);
        return true;
    }

    /** Must hold the lock. */
    private boolean holds(JobId id) {
        return launched.containsKey(id) || pools.isWaiting(id);
    }

    /**
     * Stops admitting and launching: from now on {@link #reserve} throws {@link
     * ShuttingDownException} and waiting jobs stay where they are (QUEUED in the store, for the next
     * start). Jobs already running are not touched.
     */
    public void close() {
        lock.lock();
        try {
            closed = true;
            fenced = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes as {@link #close} does, for as long as this instance cannot be sure of its driver lease;
     * a shutdown that closes it meanwhile keeps it closed.
     */
    public void fence() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                fenced = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Opens again after {@link #fence}, unless a shutdown closed it since. */
    public void unfence() {
        lock.lock();
        try {
            if (!fenced) {
                return;
            }
        } finally {
            lock.unlock();
        }
        open();
    }

    /** Admits and launches again after {@link #close} (a context stopped and started again). */
    public void open() {
        List<QueuedJob> toLaunch;
        lock.lock();
        try {
            closed = false;
            fenced = false;
            toLaunch = takeLaunchable();
        } finally {
            lock.unlock();
        }
        launchAll(toLaunch);
    }

    /** The ids of the jobs waiting for a slot now. */
    public Set<JobId> waitingIds() {
        lock.lock();
        try {
            return pools.waitingIds();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a waiting job out of the queue (it was cancelled).
     *
     * @return false when it was not waiting (already launched, or unknown)
     */
    public boolean remove(JobId id) {
        lock.lock();
        try {
            if (!pools.remove(id)) {
                return false;
            }
            reserved--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A launched job has finished (or did not start after all): its slot is free. */
    public void finished(QueuedJob job) {
        List<QueuedJob> toLaunch;
        lock.lock();
        try {
            running--;
            pools.finished(job.pool());
            launched.computeIfPresent(job.id(), (id, n) -> n == 1 ? null : n - 1);
            toLaunch = takeLaunchable();
        } finally {
            lock.unlock();
        }
        launchAll(toLaunch);
    }

    private void launchAll(List<QueuedJob> toLaunch) {
        for (QueuedJob job : toLaunch) {
            launcher.accept(job); // the launcher gives the slot back itself when it cannot start the job
        }
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public AdmissionSnapshot snapshot() {
        lock.lock();
        try {
            List<AdmissionSnapshot.PoolSnapshot> perPool = pools.snapshot();
            int queued = perPool.stream()
                    .mapToInt(AdmissionSnapshot.PoolSnapshot::queued)
                    .sum();
            return new AdmissionSnapshot(maxRunning, maxQueued, running, queued, perPool);
        } finally {
            lock.unlock();
        }
    }

    /** Must hold the lock. Takes the best waiting jobs of pools with room, while the global cap allows. */
    private List<QueuedJob> takeLaunchable() {
        List<QueuedJob> launch = new ArrayList<>();
        while (!closed && running < maxRunning) {
            QueuedJob next = pools.takeBest();
            if (next == null) {
                break;
            }
            launched.merge(next.id(), 1, Integer::sum);
            running++;
            reserved--;
            launch.add(next);
        }
        return launch;
    }
}
