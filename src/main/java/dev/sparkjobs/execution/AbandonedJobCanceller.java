package dev.sparkjobs.execution;

import dev.sparkjobs.abandon.AbandonProperties;
import dev.sparkjobs.abandon.AbandonSweep;
import dev.sparkjobs.abandon.JobReads;
import dev.sparkjobs.abandon.ReadTimes;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.lifecycle.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The backstop for abandoned jobs: on each run, writes the reads kept in memory to the store (at
 * most every {@code read-flush-interval}) and cancels, through the caller's own cancel path, every
 * QUEUED or RUNNING job nobody read for its {@code cancelIfUnpolled}.
 */
@Component
class AbandonedJobCanceller extends Periodic {

    static final String ABANDONED = "jobservice.jobs.abandoned";
    /** Jobs looked at per run; more wait for the next run. */
    static final int PAGE = 500;

    private static final Logger log = LoggerFactory.getLogger(AbandonedJobCanceller.class);

    private final JobService jobs;
    private final ReadTimes store;
    private final JobReads reads;
    private final AbandonSweep sweep;
    private final AbandonProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private Instant flushedAt;

    AbandonedJobCanceller(
            @Qualifier("housekeeping") TaskScheduler housekeeping,
            JobService jobs,
            ReadTimes store,
            JobReads reads,
            AbandonSweep sweep,
            AbandonProperties properties,
            MeterRegistry meters,
            Clock clock) {
        super(housekeeping, clock);
        this.jobs = jobs;
        this.store = store;
        this.reads = reads;
        this.sweep = sweep;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.flushedAt = clock.instant();
    }

    @Override
    protected Duration interval() {
        return properties.unpolledSweepInterval();
    }

    @Override
    protected void runOnce() {
        Instant now = clock.instant();
        if (!now.isBefore(flushedAt.plus(properties.readFlushInterval()))) {
            flush();
            flushedAt = now;
            reads.forgetBefore(now.minus(properties.cancelIfUnpolledMax()));
            reads.forgetEnded(store);
        }
        for (ReadTimes.Watched job : sweep.dueNext(store, PAGE)) {
            if (jobs.cancelAbandoned(job.id())) {
                log.info(
                        "cancelling job {}: nobody read its status for {} ({})",
                        job.id(),
                        job.cancelIfUnpolled(),
                        job.state());
                Counter.builder(ABANDONED)
                        .description(
                                "Jobs cancelled because nobody read their status for their cancelIfUnpolledSeconds")
                        .tag("type", job.type())
                        .register(meters)
                        .increment();
            }
        }
    }

    /** Every job's unread clock starts now: the lease is held and recovery ran (see {@link #getPhase}). */
    @Override
    public void start() {
        reads.start();
        super.start();
    }

    /**
     * Starts after the lease keeper and recovery ({@code DEFAULT_PHASE - 4096}) and stops after the
     * web server ({@code DEFAULT_PHASE - 2048}), so the reads served during the drain are written too.
     */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 3072;
    }

    @Override
    public void stop() {
        super.stop();
        try {
            flush(); // the reads of this run reach the store for the next start
        } catch (RuntimeException e) {
            // the next start counts every job's time from its start anyway
            log.warn("the last reads could not be written on stop: {}", e.toString());
        }
    }

    private void flush() {
        Map<JobId, Instant> batch = reads.takeUnwritten();
        try {
            store.recordReads(batch);
        } catch (RuntimeException e) {
            reads.giveBack(batch);
            throw e;
        }
    }
}
