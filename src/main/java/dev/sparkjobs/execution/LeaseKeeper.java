package dev.sparkjobs.execution;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.job.DriverLease;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Holds the driver lease for this instance: takes it at start-up before anything is recovered or
 * run (waiting for an instance that still holds it, or for a dead one's lease to expire), renews it,
 * and gives it up last at shutdown. An instance that finds its lease taken over stops its jobs and
 * exits, so two instances never run the same database's jobs.
 */
@Component
class LeaseKeeper implements SmartLifecycle {

    static final int PHASE = JobRecovery.PHASE - 1;

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final DriverLease lease;
    private final LeaseProperties properties;
    private final TaskScheduler scheduler;
    private final AdmissionController admission;
    private final JobRunner runner;
    private final Clock clock;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private volatile ScheduledFuture<?> renewal;

    LeaseKeeper(
            DriverLease lease,
            LeaseProperties properties,
            @Qualifier("jobTimers") TaskScheduler scheduler,
            AdmissionController admission,
            JobRunner runner,
            Clock clock) {
        this.lease = lease;
        this.properties = properties;
        this.scheduler = scheduler;
        this.admission = admission;
        this.runner = runner;
        this.clock = clock;
    }

    String owner() {
        return owner;
    }

    @Override
    public void start() {
        Instant giveUp = clock.instant().plus(properties.acquireTimeout());
        String previous = lease.holder().orElse(null);
        boolean waited = false;
        while (!lease.tryAcquire(owner, clock.instant(), clock.instant().plus(properties.ttl()))) {
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
        }
        if (previous != null && !previous.equals(owner)) {
            log.info("took over the driver lease of {}, which had expired or been released", previous);
        }
        log.info("holding the driver lease as {}", owner);
        renewal = scheduler.scheduleWithFixedDelay(this::renew, properties.ttl().dividedBy(3));
    }

    private void renew() {
        boolean held;
        try {
            held = lease.renew(owner, clock.instant().plus(properties.ttl()));
        } catch (DataAccessException e) {
            log.warn("could not renew the driver lease (store unreachable); trying again: {}", e.toString());
            return;
        }
        if (!held) {
            lost();
        }
    }

    private void lost() {
        log.error(
                "the driver lease was taken over by {}; stopping every job here and exiting",
                lease.holder().orElse("nobody"));
        admission.close();
        runner.stopAll(RunningJob.StopReason.SHUTDOWN);
        cancelRenewal();
        Thread exit = new Thread(() -> System.exit(1), "lease-lost-exit");
        exit.start();
    }

    @Override
    public void stop() {
        cancelRenewal();
        try {
            lease.release(owner);
        } catch (DataAccessException e) {
            log.warn("could not release the driver lease; it expires in {}: {}", properties.ttl(), e.toString());
        }
    }

    private void cancelRenewal() {
        ScheduledFuture<?> r = renewal;
        if (r != null) {
            r.cancel(false);
        }
        renewal = null;
    }

    @Override
    public boolean isRunning() {
        return renewal != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
