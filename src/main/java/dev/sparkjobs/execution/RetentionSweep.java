package dev.sparkjobs.execution;

import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** Deletes finished jobs older than {@code jobservice.retention.finished}, in batches, periodically. */
@Component
class RetentionSweep implements SmartLifecycle {

    static final int BATCH = 500;
    static final Duration FIRST_SWEEP = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

    private final JobStore store;
    private final RetentionProperties retention;
    private final TaskScheduler scheduler;
    private final JobMetrics metrics;
    private final Clock clock;
    private volatile ScheduledFuture<?> schedule;

    RetentionSweep(
            JobStore store,
            RetentionProperties retention,
            @Qualifier("jobTimers") TaskScheduler scheduler,
            JobMetrics metrics,
            Clock clock) {
        this.store = store;
        this.retention = retention;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Deletes every finished job that ended before {@code cutoff}.
     *
     * @return how many were deleted
     */
    int sweep(Instant cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = store.deleteFinishedBefore(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        metrics.deleted(total);
        if (total > 0) {
            log.info("retention: deleted {} jobs that finished before {}", total, cutoff);
        }
        return total;
    }

    private void sweepNow() {
        try {
            sweep(clock.instant().minus(retention.finished()));
        } catch (RuntimeException e) {
            log.warn("retention sweep failed; next try in {}: {}", retention.sweepInterval(), e.toString());
        }
    }

    @Override
    public void start() {
        // the first sweep soon after start, so that a service restarted often still sweeps
        Duration first = retention.sweepInterval().compareTo(FIRST_SWEEP) < 0 ? retention.sweepInterval() : FIRST_SWEEP;
        schedule = scheduler.scheduleWithFixedDelay(
                this::sweepNow, clock.instant().plus(first), retention.sweepInterval());
    }

    @Override
    public void stop() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
