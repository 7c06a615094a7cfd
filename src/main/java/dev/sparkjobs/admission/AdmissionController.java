package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Owns the queue and the running slots: the only place that says no to work. A submission first
 * {@link #reserve reserves} a queue place (or is refused, past the global or its tenant's cap), is
 * then made durable by the caller, and only then {@link #enqueue enqueued}; a failed write {@link
 * #unreserve gives the place back}. Jobs leave the queue by priority (higher first), FIFO within a
 * priority, whenever their weight fits under the global cap, their pool's cap and their tenant's cap,
 * a thread is free, no running job writes a table they write in a conflicting way, and starts are
 * not {@link #pauseStarts paused}; {@link LaunchWalk} holds the rules.
 */
public final class AdmissionController {

    private final int maxRunning;
    private final int maxThreads;
    private final int maxQueued;
    private final AdmissionProperties properties;
    private final Duration retryAfter;
    private final PoolQueues pools;
    private final TenantLoads tenants;
    private final PoolChoice poolChoice;
    private final WeightChoice weights;
    private final TableHolds holds = new TableHolds();
    private final LaunchWalk walk;
    private final AdmissionSnapshot.TenantLimits tenantDefaults;
    private final ReentrantLock lock = new ReentrantLock();
    /** Jobs launched and not yet finished, with how many launches of each are out (a retry may overlap). */
    private final Map<JobId, Integer> launched = new HashMap<>();

    private Consumer<QueuedJob> launcher;
    private int running;
    /** Weight units of the running jobs. */
    private int used;

    private int reserved;
    /** Why each job that waits for a table waits, as of the last walk. */
    private Map<JobId, String> waitingFor = new HashMap<>();

    private boolean closed;
    /** Closed by a fence rather than a shutdown: {@link #unfence} may open it again, {@link #open} too. */
    private boolean fenced;
    /** Why no job starts now; null while jobs start. */
    private AdmissionSnapshot.StartsPaused startsPaused;

    public AdmissionController(AdmissionProperties properties) {
        this.properties = properties;
        this.maxRunning = properties.effectiveMaxRunning();
        this.maxThreads = properties.effectiveMaxThreads();
        this.maxQueued = properties.maxQueued();
        this.retryAfter = properties.retryAfter();
        this.pools = new PoolQueues(properties);
        this.tenants = new TenantLoads(properties);
        this.poolChoice = new PoolChoice(properties);
        this.weights = new WeightChoice(properties);
        this.walk = new LaunchWalk(pools, tenants, holds);
        // a tenant with no entry of its own: the name only picks the (absent) entry
        this.tenantDefaults =
                new AdmissionSnapshot.TenantLimits(properties.tenantMaxRunning(null), properties.tenantMaxQueued(null));
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
     * The pool a submission of the tenant runs in: the one it names, or its tenant's first pool
     * ({@code default} for a tenant without a list) when it names none.
     *
     * @param requested the pool the submission names, or null
     * @throws PoolNotAllowedException for a pool that does not exist or is not among the tenant's
     */
    public String poolFor(String tenant, String requested) {
        return poolChoice.poolFor(tenant, requested);
    }

    /**
     * Holds one queue place for a job about to be stored.
     *
     * @throws TenantQueueFullException when the tenant holds as many places as it may
     * @throws QueueFullException when {@code maxQueued} places are taken
     * @throws ShuttingDownException when closed
     */
    public void reserve(String tenant) {
        locked(() -> {
            if (closed) {
                throw fenced ? ShuttingDownException.fenced(retryAfter) : new ShuttingDownException(retryAfter);
            }
            if (reserved >= maxQueued) {
                throw new QueueFullException(maxQueued, retryAfter);
            }
            tenants.reserve(tenant, retryAfter);
            reserved++;
        });
    }

    /** Gives back a place whose job was never stored. */
    public void unreserve(String tenant) {
        locked(() -> giveBack(tenant));
    }

    /** Must hold the lock. */
    private void giveBack(String tenant) {
        reserved--;
        tenants.unreserve(tenant);
    }

    /**
     * The weight a job of {@code type} runs with: {@code requested}, or the type's weight, which is
     * brought down to the smallest cap that applies to the job so that it can always start. Only an
     * admin may make a job lighter than its type: a lighter job lets more jobs share the driver.
     *
     * @param requested the weight the submission asks for, or null
     * @throws WeightNotAllowedException below {@link AdmissionProperties#MIN_WEIGHT}, above the smallest
     *     cap, or below the type's weight for a caller who is not an admin
     */
    public double weightFor(String type, String tenant, String pool, Double requested, boolean admin) {
        return weights.weightFor(type, tenant, pool, requested, admin);
    }

    /** The thread count the job executor needs: the most jobs that may run at once. */
    public int maxThreads() {
        return maxThreads;
    }

    /** Turns a reserved place into a waiting job, then starts what the caps allow. */
    public void enqueue(Demand job) {
        changeAndLaunch(() -> {
            if (!pools.add(job)) {
                giveBack(job.tenant()); // waiting already: its place was taken when it was first queued
            }
        });
    }

    /** {@link #enqueue(Demand)} of a job of weight 1 that writes no table. */
    public void enqueue(JobId id, String tenant, String pool, int priority) {
        enqueue(new Demand(id, tenant, pool, priority));
    }

    /** Why the job waits for a table ({@code table db.t held by job <id> (OPTIMIZE)}), or null. */
    public String waitingFor(JobId id) {
        return locked(() -> waitingFor.get(id));
    }

    /**
     * Queues a job accepted by an earlier run of the service, found QUEUED at start-up. It was
     * accepted already, so neither {@code maxQueued} nor its tenant's cap applies (it counts toward
     * both); call in the jobs' original order. A job waiting already stays as it is, counted once.
     */
    public void restore(Demand job) {
        Demand fitting = fitting(job);
        changeAndLaunch(() -> queueRestored(fitting));
    }

    /**
     * {@link #restore(Demand) Restores} the jobs, in the order given, in one step: one hold of the lock
     * and one launch walk for all of them, where restoring them one by one would walk the queue once
     * per job.
     */
    public void restoreAll(List<Demand> jobs) {
        List<Demand> fitting = jobs.stream().map(this::fitting).toList();
        changeAndLaunch(() -> fitting.forEach(this::queueRestored));
    }

    /**
     * {@link #restoreIfAbsent(Demand) Restores} each job this controller holds neither waiting nor
     * launched, in the order given, in one step as {@link #restoreAll} does.
     *
     * @return the jobs queued, in the order given
     */
    public List<Demand> restoreAllIfAbsent(List<Demand> jobs) {
        List<Demand> queued = new ArrayList<>();
        changeAndLaunch(() -> {
            for (Demand job : jobs) {
                if (!launched.containsKey(job.id()) && !pools.isWaiting(job.id())) {
                    queueRestored(fitting(job));
                    queued.add(job);
                }
            }
        });
        return queued;
    }

    /** Must hold the lock. */
    private void queueRestored(Demand job) {
        if (pools.add(job)) {
            reserved++;
            tenants.restore(job.tenant());
        }
    }

    /** {@link #restoreIfAbsent(Demand)} of a job of weight 1 that writes no table. */
    public boolean restoreIfAbsent(JobId id, String tenant, String pool, int priority) {
        return restoreIfAbsent(new Demand(id, tenant, pool, priority));
    }

    /** A job accepted under other caps, made light enough to start under these. */
    private Demand fitting(Demand job) {
        double weight = weights.fit(job.tenant(), job.pool(), job.weight());
        return weight == job.weight()
                ? job
                : new Demand(job.id(), job.tenant(), job.pool(), job.priority(), weight, job.writes());
    }

    /** {@link #restore(Demand)} of a job of weight 1 that writes no table. */
    public void restore(JobId id, String tenant, String pool, int priority) {
        restore(new Demand(id, tenant, pool, priority));
    }

    /**
     * Queues a job found QUEUED in the store unless this controller holds it already, waiting or
     * launched; the check and the queuing are one step. Never refused, as {@link #restore}.
     *
     * @return false when it was held already
     */
    public boolean restoreIfAbsent(Demand job) {
        Demand fitting = fitting(job);
        boolean[] queued = {false};
        changeAndLaunch(() -> {
            if (!launched.containsKey(job.id()) && !pools.isWaiting(job.id())) {
                queueRestored(fitting);
                queued[0] = true;
            }
        });
        return queued[0];
    }

    /**
     * Stops admitting and launching: from now on {@link #reserve} throws {@link
     * ShuttingDownException} and waiting jobs stay where they are (QUEUED in the store, for the next
     * start). Jobs already running are not touched.
     */
    public void close() {
        locked(() -> {
            closed = true;
            fenced = false;
        });
    }

    /**
     * Closes as {@link #close} does, for as long as this instance cannot be sure of its driver lease;
     * a shutdown that closes it meanwhile keeps it closed.
     */
    public void fence() {
        locked(() -> {
            if (!closed) {
                closed = true;
                fenced = true;
            }
        });
    }

    /** Opens again after {@link #fence}, unless a shutdown closed it since. */
    public void unfence() {
        changeAndLaunch(() -> {
            if (fenced) {
                closed = false;
                fenced = false;
            }
        });
    }

    /** Admits and launches again after {@link #close} (a context stopped and started again). */
    public void open() {
        changeAndLaunch(() -> {
            closed = false;
            fenced = false;
        });
    }

    /**
     * Starts no job until {@link #resumeStarts}: submits are still admitted up to the caps, and
     * wait QUEUED. Called again while paused, it only updates the reason.
     */
    public void pauseStarts(String reason, Instant since) {
        locked(() -> startsPaused =
                new AdmissionSnapshot.StartsPaused(reason, startsPaused == null ? since : startsPaused.since()));
    }

    /** Starts jobs again, the waiting ones at once as far as the caps allow. */
    public void resumeStarts() {
        changeAndLaunch(() -> startsPaused = null);
    }

    /** The ids of the jobs waiting for a slot now. */
    public Set<JobId> waitingIds() {
        return locked(pools::waitingIds);
    }

    public boolean isClosed() {
        return locked(() -> closed);
    }

    /**
     * Takes a waiting job out of the queue (it was cancelled).
     *
     * @return false when it was not waiting (already launched, or unknown)
     */
    public boolean remove(JobId id) {
        return locked(() -> {
            QueuedJob removed = pools.remove(id);
            if (removed != null) {
                reserved--;
                tenants.unreserve(removed.tenant());
                waitingFor.remove(id);
            }
            return removed != null;
        });
    }

    /** A launched job has finished (or did not start after all): its slot is free. */
    public void finished(QueuedJob job) {
        changeAndLaunch(() -> {
            running--;
            used -= job.units();
            pools.finished(job);
            tenants.finished(job);
            holds.release(job);
            launched.computeIfPresent(job.id(), (id, n) -> n == 1 ? null : n - 1);
        });
    }

    /** Waiting jobs read so far by walks and lookups ({@link PoolQueues#jobsRead}); for QueueScaleTest. */
    long queueJobsRead() {
        return locked(pools::jobsRead);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Why no job starts now, or null while jobs start. */
    public AdmissionSnapshot.StartsPaused startsPaused() {
        return locked(() -> startsPaused);
    }

    public AdmissionSnapshot snapshot() {
        return locked(() -> {
            List<AdmissionSnapshot.PoolSnapshot> perPool = pools.snapshot();
            int queued = perPool.stream()
                    .mapToInt(AdmissionSnapshot.PoolSnapshot::queued)
                    .sum();
            List<AdmissionSnapshot.TenantSnapshot> perTenant = tenants.snapshot(pools.waitingByTenant());
            return new AdmissionSnapshot(
                    maxRunning,
                    maxQueued,
                    running,
                    queued,
                    perPool,
                    perTenant,
                    tenantDefaults,
                    startsPaused,
                    QueuedJob.weight(used),
                    maxThreads,
                    properties.weightTable());
        });
    }

    private void locked(Runnable change) {
        locked(() -> {
            change.run();
            return null;
        });
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Decides under the lock, launches outside it: a launcher may call back (finished) at once. */
    private void changeAndLaunch(Runnable change) {
        List<QueuedJob> toLaunch;
        lock.lock();
        try {
            change.run();
            toLaunch = takeLaunchable();
        } finally {
            lock.unlock();
        }
        for (QueuedJob job : toLaunch) {
            launcher.accept(job); // the launcher gives the slot back itself when it cannot start the job
        }
    }

    /** Must hold the lock. Takes the waiting jobs that may start now ({@link LaunchWalk}), unless starts are held back. */
    private List<QueuedJob> takeLaunchable() {
        if (closed || startsPaused != null) {
            return List.of();
        }
        Map<JobId, String> waits = new HashMap<>();
        List<QueuedJob> launch = walk.take(maxRunning * QueuedJob.UNITS - used, maxThreads - running, waits);
        waitingFor = waits;
        for (QueuedJob next : launch) {
            launched.merge(next.id(), 1, Integer::sum);
            running++;
            used += next.units();
            reserved--;
        }
        return launch;
    }
}
