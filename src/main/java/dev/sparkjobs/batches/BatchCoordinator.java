package dev.sparkjobs.batches;

import dev.sparkjobs.abandon.AbandonProperties;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchStore;
import dev.sparkjobs.engine.JobWaiters;
import dev.sparkjobs.engine.StoreOutage;
import dev.sparkjobs.lease.LeaseKeeper;
import dev.sparkjobs.metrics.BatchMetrics;
import dev.sparkjobs.threads.ApplicationThreadFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs every RUNNING batch: on a thread of its own, every {@code jobservice.batches.tick-interval} and
 * as soon as a job ends, it steps each batch ({@link BatchStepper}). Only where jobs run: on the
 * instance that holds the driver lease, after start-up recovery, so that a restarted service resumes
 * its batches from the store. A store outage ends the round; the next round reads everything again,
 * and since every node's job is made under an idempotency key, none is lost or made twice.
 */
@Component
class BatchCoordinator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchCoordinator.class);

    private final BatchStore store;
    private final BatchStepper stepper;
    private final LeaseKeeper lease;
    private final BatchMetrics metrics;
    private final BatchProperties properties;
    private final BatchReads reads;
    private final AbandonProperties abandon;
    private final Clock clock;
    private volatile Instant flushedAt;
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile ScheduledExecutorService thread;
    private volatile boolean storeDown;

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
        this.store = store;
        this.stepper = stepper;
        this.lease = lease;
        this.metrics = metrics;
        this.properties = properties;
        this.reads = reads;
        this.abandon = abandon;
        this.clock = clock;
        this.flushedAt = clock.instant();
        waiters.onFinished(job -> wake());
    }

    /** Asks for a round soon: a batch was submitted, cancelled or repaired, or a job ended. */
    void wake() {
        ScheduledExecutorService t = thread;
        if (t != null && woken.compareAndSet(false, true)) {
            try {
                t.execute(this::round);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                woken.set(false); // stopping
            }
        }
    }

    /** One look at every RUNNING batch. */
    void round() {
        woken.set(false);
        try {
            flushReads(false); // on every instance: the reads it served count wherever the batch runs
            if (!lease.holds()) {
                return;
            }
            List<BatchId> running = store.findRunning();
            metrics.running(running.size());
            for (BatchId id : running) {
                stepper.step(id);
            }
            if (storeDown) {
                storeDown = false;
                log.info("batches: the store answers again");
            }
        } catch (RuntimeException e) {
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
