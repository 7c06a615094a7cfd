package dev.sparkjobs.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Holds the driver lease for this instance: takes it at start-up before anything is recovered or
 * run, renews it every third of its TTL, and gives it up last at shutdown.
 *
 * <p>It fences itself: the lease is counted from the start of the last renewal that succeeded. When
 * two thirds of the TTL pass without one (the store is unreachable or hangs, or this process was
 * paused), a watchdog on a thread of its own stops admitting and stops every running job, so that by
 * the time the lease expires and another instance may take over, nothing of this one runs. The
 * store refuses this instance's late writes once it no longer holds the lease. If a renewal succeeds
 * again while the lease is still this instance's, it admits again; if another instance took the lease
 * over, it exits.
 */
@Component
public class LeaseKeeper implements SmartLifecycle {

    /** First to start, last to stop: before recovery, the web server and the drain. */
    public static final int PHASE = DEFAULT_PHASE - 4097;

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final DriverLease lease;
    private final LeaseProperties properties;
    private final TaskScheduler timers;
    private final Fence fence;
    private final Runnable exit;
    private final Clock clock;
    private final String owner;
    private Instant lastRenewed;
    private boolean fenced;
    private boolean lost;
    /** Whether the store answered the lease's last call: the lease's renewals double as the store's probe. */
    private volatile boolean storeAnswered;

    private volatile ScheduledFuture<?> renewal;
    private volatile ScheduledFuture<?> watchdog;

    @Autowired
    LeaseKeeper(
            DriverLease lease,
            LeaseProperties properties,
            @Qualifier("leaseTimers") TaskScheduler timers,
            Fence fence,
            InstanceId instance,
            Clock clock) {
        this(lease, properties, timers, fence, LeaseKeeper::exitProcess, instance, clock);
    }

    LeaseKeeper(
            DriverLease lease,
            LeaseProperties properties,
            TaskScheduler timers,
            Fence fence,
            Runnable exit,
            InstanceId instance,
            Clock clock) {
        this.lease = lease;
        this.properties = properties;
        this.timers = timers;
        this.fence = fence;
        this.exit = exit;
        this.owner = instance.value();
        this.clock = clock;
    }

    @Override
    public void start() {
        Instant giveUp = clock.instant().plus(properties.acquireTimeout());
        String previous = lease.holder().orElse(null);
        boolean waited = false;
        Instant asked = clock.instant();
        while (!lease.tryAcquire(owner, asked, asked.plus(properties.ttl()))) {
            String holder = lease.holder().orElse("nobody");
            if (clock.instant().isAfter(giveUp)) {
                throw new IllegalStateException("another instance (" + holder + ") holds the driver lease of this"
                        + " database and kept renewing it for " + properties.acquireTimeout()
                        + "; run one service per database");
            }
            if (!waited) {
                log.warn(
                        "the driver lease is held by {}; waiting up to {} for it to be released or to expire",
                        holder,
                        properties.acquireTimeout());
                waited = true;
            }
            try {
                Thread.sleep(Math.max(100, Math.min(1000, properties.ttl().toMillis() / 5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the driver lease", e);
            }
            asked = clock.instant();
        }
        synchronized (this) {
            lastRenewed = asked;
            fenced = false;
            lost = false;
        }
        storeAnswered = true;
        if (previous != null && !previous.equals(owner)) {
            log.info("took over the driver lease of {}, which had expired or been released", previous);
        }
        log.info(
                "holding the driver lease as {} (fencing itself after {} ms without a renewal)",
                owner,
                fenceAfter().toMillis());
        renewal =
                timers.scheduleWithFixedDelay(this::renewOnce, properties.ttl().dividedBy(3));
        watchdog = timers.scheduleWithFixedDelay(this::checkOnce, watchdogInterval());
    }

    /** One renewal; on the renewal thread, or from a test. */
    void renewOnce() {
        Instant began = clock.instant();
        boolean held;
        try {
            held = lease.renew(owner, began.plus(properties.ttl()));
        } catch (RuntimeException e) {
            // the lease has connections of its own (store.ProbePool): a failure here is the database's,
            // not a store pool kept busy by submits; should its own two be stuck, that counts as down too
            storeAnswered = false;
            log.warn(
                    "could not renew the driver lease; trying again in {}: {}",
                    properties.ttl().dividedBy(3),
                    e.toString());
            return;
        }
        storeAnswered = true;
        if (!held) {
            takenOver();
            return;
        }
        boolean resume;
        synchronized (this) {
            if (lost) {
                return;
            }
            if (began.isAfter(lastRenewed)) {
                lastRenewed = began;
            }
            resume = fenced && elapsedSince(began).compareTo(fenceAfter()) < 0;
            if (resume) {
                fenced = false;
            }
        }
        if (resume) {
            log.warn("renewed the driver lease again, and nobody had taken it over: admitting jobs again");
            fence.resumeWork();
        }
    }

    /** One look of the watchdog: fences when the last successful renewal is too old. */
    void checkOnce() {
        Duration since;
        synchronized (this) {
            since = elapsedSince(lastRenewed);
            if (fenced || since.compareTo(fenceAfter()) < 0) {
                return;
            }
            fenced = true;
        }
        log.error(
                "fenced: no successful lease renewal for {} ms (TTL {} ms); admitting no jobs and stopping the running"
                        + " ones, so that nothing runs here when another instance may take the lease over",
                since.toMillis(),
                properties.ttl().toMillis());
        int stopped = fence.stopWork();
        log.error("fenced: stopped {} running jobs", stopped);
    }

    private void takenOver() {
        boolean stopWork;
        synchronized (this) {
            if (lost) {
                return;
            }
            lost = true;
            stopWork = !fenced;
            fenced = true;
        }
        log.error("the driver lease was taken over by {}; stopping every job here and exiting", holderOrUnknown());
        if (stopWork) {
            fence.stopWork();
        }
        cancel(renewal);
        cancel(watchdog);
        exit.run();
    }

    /** True while this instance holds the lease and has not fenced itself: it may run jobs. */
    public synchronized boolean holds() {
        return renewal != null && !fenced && !lost;
    }

    /**
     * Whether the store answered the lease's last call (its acquisition, then a renewal every third of
     * the TTL); false before the lease was first taken.
     */
    public boolean storeAnswered() {
        return storeAnswered;
    }

    /** True while this instance has fenced itself (or lost the lease). */
    synchronized boolean isFenced() {
        return fenced;
    }

    @Override
    public void stop() {
        cancel(renewal);
        cancel(watchdog);
        renewal = null;
        watchdog = null;
        boolean release;
        synchronized (this) {
            release = !lost;
        }
        if (!release) {
            return;
        }
        try {
            lease.release(owner);
        } catch (RuntimeException e) {
            log.warn("could not release the driver lease; it expires in {}: {}", properties.ttl(), e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return renewal != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Two thirds of the TTL: the last third is for the running jobs to stop before the lease expires. */
    Duration fenceAfter() {
        return properties.ttl().multipliedBy(2).dividedBy(3);
    }

    private Duration watchdogInterval() {
        Duration tenth = properties.ttl().dividedBy(10);
        return tenth.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : tenth;
    }

    private Duration elapsedSince(Instant t) {
        return Duration.between(t, clock.instant());
    }

    private String holderOrUnknown() {
        try {
            return lease.holder().orElse("nobody");
        } catch (RuntimeException e) {
            return "another instance";
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static void exitProcess() {
        new Thread(() -> System.exit(1), "lease-lost-exit").start();
    }
}
