package dev.sparkjobs.retention;

import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.lifecycle.Periodic;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** Deletes finished jobs older than {@code jobservice.retention.finished}, in batches, periodically. */
@Component
class RetentionSweep extends Periodic {

    static final int BATCH = 500;
    /** Batches per run: a run deletes at most 10,000 jobs; a backlog is worked off run by run. */
    static final int MAX_BATCHES = 20;

    static final Duration FIRST_SWEEP = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

    private final JobStore store;
    private final RetentionProperties retention;
    private final JobMetrics metrics;
    private final Clock clock;

    RetentionSweep(
            JobStore store,
            RetentionProperties retention,
            @Qualifier("housekeeping") TaskScheduler scheduler,
            JobMetrics metrics,
            Clock clock) {
        super(scheduler, clock);
        this.store = store;
        this.retention = retention;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Deletes finished jobs that ended before {@code cutoff}, at most {@link #MAX_BATCHES} batches.
     *
     * @return how many were deleted
     */
    int sweep(Instant cutoff) {
        int total = 0;
        int deleted;
        int batches = 0;
        do {
            deleted = store.deleteFinishedBefore(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH && ++batches < MAX_BATCHES);
        metrics.deleted(total);
        if (total > 0) {
            log.info("retention: deleted {} jobs that finished before {}", total, cutoff);
        }
        return total;
    }

    @Override
    protected void runOnce() {
        sweep(clock.instant().minus(retention.finished()));
    }

    @Override
    protected Duration interval() {
        return retention.sweepInterval();
    }

    /** Soon after start, so that a service restarted often still sweeps. */
    @Override
    protected Duration firstDelay() {
        return interval().compareTo(FIRST_SWEEP) < 0 ? interval() : FIRST_SWEEP;
    }
}
