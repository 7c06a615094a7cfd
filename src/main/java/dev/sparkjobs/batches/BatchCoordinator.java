package dev.sparkjobs.batches;

import dev.sparkjobs.abandon.AbandonProperties;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchStore;
import dev.sparkjobs.engine.JobWaiters;
import dev.sparkjobs.engine.StoreOutage;
import dev.sparkjobs.execution.NotPermittedException;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.lease.LeaseKeeper;
import dev.sparkjobs.metrics.BatchMetrics;
import dev.sparkjobs.threads.ApplicationThreadFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs every RUNNING batch: on a thread of its own, it steps each batch ({@link BatchStepper}) every
 * {@code jobservice.batches.tick-interval}, and one batch as soon as one of its jobs ends (the end of
 * any other job wakes nothing). Only where jobs run: on the
 * instance that holds the driver lease, after start-up recovery, so that a restarted service resumes
 * its batches from the store. A store outage ends the round; the next round reads everything again,
 * and since every node's job is made under an idempotency key, none is lost or made twice. Any other
 * failure stays with its batch (see {@link #step}).
 */
@Component
class BatchCoordinator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchCoordinator.class);

    private final BatchStore store;
    private final BatchStepper stepper;
    private final BooleanSupplier leaseHeld;
    private final StepFailures failures;
    private final BatchMetrics metrics;
    private final BatchProperties properties;
    private final BatchReads reads;
    private final AbandonProperties abandon;
    private final Clock clock;
    private volatile Instant flushedAt;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final AtomicBoolean sweepWanted = new AtomicBoolean();
    /** The batches whose jobs ended since their last step. */
    private final Set<BatchId> due = ConcurrentHashMap.newKeySet();

    private final WatchedJobs watched = new WatchedJobs();

    private volatile ScheduledExecutorService thread;
    private volatile boolean storeDown;

    @Autowired
    BatchCoordinator(
            BatchStore store,
            BatchStepper stepper,
            LeaseKeeper lease,
            BatchMetrics metrics,
            BatchProperties properties,
            JobWaiters waiters,
            BatchReads reads,
            AbandonProperties abandon,
            Clock clock) {
        this(store, stepper, lease::holds, metrics, properties, reads, abandon, clock);
        waiters.onFinished(this::jobEnded);
    }

    /** A coordinator that nothing wakes but {@link #wake} and its ticks. */
    BatchCoordinator(
            BatchStore store,
            BatchStepper stepper,
            BooleanSupplier leaseHeld,
            BatchMetrics metrics,
            BatchProperties properties,
            BatchReads reads,
            AbandonProperties abandon,
            Clock clock) {
        this.store = store;
        this.stepper = stepper;
        this.leaseHeld = leaseHeld;
        this.metrics = metrics;
        this.properties = properties;
        this.reads = reads;
        this.abandon = abandon;
        this.clock = clock;
        this.flushedAt = clock.instant();
        this.failures = new StepFailures(properties.tickInterval());
    }

    /** Asks for a round of every batch soon: a batch was submitted, cancelled or repaired. */
    void wake() {
        sweepWanted.set(true);
        wakeUp();
    }

    private void wakeUp() {
        ScheduledExecutorService t = thread;
        if (t != null && woken.compareAndSet(false, true)) {
            try {
                t.execute(this::woken);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                woken.set(false); // stopping
            }
        }
    }

    /**
     * A job ended somewhere in the service: when it is one of a RUNNING batch's (as its last step saw, or
     * one a step going on now may have just made), that batch is stepped soon; any other job wakes
     * nothing.
     */
    void jobEnded(Job job) {
        BatchId batch = watched.batchOf(job.id());
        if (batch != null) {
            due.add(batch);
            wakeUp();
        }
    }

    /** A round for the batches whose jobs ended ({@link #jobEnded}), or every batch after {@link #wake}. */
    void woken() {
        woken.set(false);
        if (sweepWanted.getAndSet(false)) {
            round();
            return;
        }
        try {
            if (!leaseHeld.getAsBoolean()) {
                due.clear();
                failures.clear();
                return;
            }
            for (BatchId id : List.copyOf(due)) {
                due.remove(id);
                step(id);
            }
        } catch (RuntimeException e) {
            outage(e);
        }
    }

    /** One look at every RUNNING batch: each tick, and when {@link #wake}d. */
    void round() {
        due.clear(); // they are all stepped now
        try {
            flushReads(false); // on every instance: the reads it served count wherever the batch runs
            if (!leaseHeld.getAsBoolean()) {
                failures.clear(); // the next holder counts afresh, and so does this one when it holds again
                return;
            }
            List<BatchId> running = store.findRunning();
            metrics.running(running.size());
            failures.retainOnly(running);
            watched.retainOnly(running);
            for (BatchId id : running) {
                step(id);
            }
            if (storeDown) {
                storeDown = false;
                log.info("batches: the store answers again");
            }
        } catch (RuntimeException e) {
            outage(e);
        }
    }

    private void outage(RuntimeException e) {
        if (!StoreOutage.is(e)) {
            log.error("batches: a round failed; the next one tries again", e);
        } else if (!storeDown) {
            storeDown = true;
            log.warn(
                    "batches: the store cannot be reached; trying again every {}: {}",
                    properties.tickInterval(),
                    e.toString());
        }
    }

    /**
     * Steps one batch so that what goes wrong with it stays with it: a batch whose step throws is tried
     * again later and later ({@link StepFailures}) and, after {@code max-step-failures} failures in a
     * row or at once when its owner may no longer run jobs, ended FAILED with the error. A store that
     * cannot be reached ends the round; a statement it refused (a lock, a timeout, a standby) is no
     * batch's fault either: that batch is tried again on the next round, the others go on.
     */
    private void step(BatchId id) {
        Instant now = clock.instant();
        if (!failures.due(id, now)) {
            return;
        }
        watched.stepping(id);
        Set<JobId> active = Set.of();
        try {
            active = stepper.step(id);
            failures.succeeded(id);
        } catch (RuntimeException e) {
            if (StoreOutage.unreachable(e)) {
                throw e; // no batch can be stepped: the round ends
            }
            if (StoreOutage.fromStore(e)) {
                // the store refused this batch's statement (a lock, a timeout, a standby after a
                // failover): not the batch's doing, so it counts against nothing and the next batch goes on
                if (failures.storeRefused(id)) {
                    log.warn("batches: the store refused a step of batch {}; it is tried again: {}", id, e.toString());
                }
                return;
            }
            int times = failures.failed(id, now);
            if (times == 1) {
                log.error("batches: a step of batch {} failed; it is tried again later", id, e);
            } else {
                log.debug("batches: step {} in a row of batch {} failed: {}", times, id, e.toString());
            }
            boolean permanent = e instanceof NotPermittedException;
            if (permanent || times >= properties.maxStepFailures()) {
                String why = permanent
                        ? "its jobs cannot be started: " + e.getMessage()
                        : times + " steps in a row failed, the last with: " + e;
                try {
                    if (stepper.giveUp(id, why)) {
                        log.error("batches: batch {} ended: {}", id, why);
                    }
                    failures.succeeded(id);
                } catch (RuntimeException g) {
                    if (StoreOutage.unreachable(g)) {
                        throw g;
                    }
                    // it stays counted as failing: ending it is tried again after the wait
                    log.error("batches: batch {} could not be ended ({}); tried again later", id, why, g);
                }
            }
        } finally {
            watched.stepped(id, active);
        }
    }

    /**
     * Writes the batch reads kept in memory to the store, at most every {@code read-flush-interval}
     * unless {@code now}: what the instance running the batch (or this one after a restart) sees.
     */
    private void flushReads(boolean now) {
        Instant at = clock.instant();
        if (!now && at.isBefore(flushedAt.plus(abandon.readFlushInterval()))) {
            return;
        }
        flushedAt = at;
        reads.forgetBefore(at.minus(abandon.cancelIfUnpolledMax()));
        Map<BatchId, Instant> batch = reads.takeUnwritten();
        try {
            store.recordReads(batch);
        } catch (RuntimeException e) {
            reads.giveBack(batch);
            throw e;
        }
    }

    /** Every batch's unread clock starts now: the lease is held and recovery ran (see {@link #getPhase}). */
    @Override
    public void start() {
        reads.start();
        ScheduledExecutorService t =
                Executors.newSingleThreadScheduledExecutor(new ApplicationThreadFactory("batches-"));
        long every = Math.max(1, properties.tickInterval().toMillis());
        t.scheduleWithFixedDelay(this::round, 0, every, TimeUnit.MILLISECONDS);
        thread = t;
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = thread;
        thread = null;
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                flushReads(true); // the reads of this run reach the store for the next start
            } catch (RuntimeException e) {
                log.warn("batches: the last reads could not be written on stop: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** After the lease is taken and start-up recovery is done; stopped before both. */
    @Override
    public int getPhase() {
        return LeaseKeeper.PHASE + 2; // start-up recovery is LeaseKeeper.PHASE + 1
    }
}
