package dev.sparkjobs.lifecycle;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.Demand;
import dev.sparkjobs.engine.JobRecorder;
import dev.sparkjobs.engine.JobWaiters;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.job.QueuedEntry;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.lease.LeaseKeeper;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Picks up, at start-up, right after the lease is taken and before the web server takes requests,
 * what earlier runs of the service left in the store: jobs left RUNNING lost their Spark work with
 * their driver and end FAILED with {@code DRIVER_RESTART} (CANCELLED when a cancel had been asked
 * for), or, when their retry policy allows, are queued for another attempt; jobs left QUEUED are
 * queued again, ahead of anything submitted from now on (those waiting out a retry's backoff when
 * their {@code notBefore} comes).
 *
 * <p>They are read in their original order a page of {@value #PAGE} at a time, and each page is
 * queued in one admission step, so the jobs that start at once start in rank order within their page
 * (priority first, then the original order), and a page's jobs start ahead of the next page's
 * whatever their priority. Once queued, all of them wait in rank order, as submitted jobs do.
 */
@Component
class JobRecovery implements SmartLifecycle {

    /** Right after the lease keeper, before the web server ({@code DEFAULT_PHASE - 1024}). */
    static final int PHASE = LeaseKeeper.PHASE + 1;

    static final int PAGE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);

    private final JobStore store;
    private final AdmissionController admission;
    private final JobMetrics metrics;
    private final JobWaiters waiters;
    private final JobRecorder recorder;
    private final Clock clock;
    private final Random random = new Random();
    private volatile boolean started;

    JobRecovery(
            JobStore store,
            AdmissionController admission,
            JobMetrics metrics,
            JobWaiters waiters,
            JobRecorder recorder,
            Clock clock) {
        this.store = store;
        this.recorder = recorder;
        this.admission = admission;
        this.metrics = metrics;
        this.waiters = waiters;
        this.clock = clock;
    }

    @Override
    public void start() {
        long t0 = System.nanoTime();
        int lost = 0;
        int retried = 0;
        for (Job job : store.findAllIn(JobState.RUNNING)) {
            Instant now = clock.instant();
            Job next = job.endLostAttempt(
                    job.lostWithDriver("the service stopped while the job ran", now), random.nextDouble());
            if (!store.transition(job, next)) {
                continue;
            }
            metrics.recovered(JobMetrics.RecoveryOutcome.LOST);
            if (next.state() == JobState.QUEUED) {
                metrics.retried(job.spec().type(), RetryPolicy.RetryOn.DRIVER_RESTART.name());
                retried++;
            } else {
                metrics.finished(job.spec().type(), next.state());
                waiters.finished(next);
            }
            lost++;
        }
        int requeued = 0;
        long after = 0;
        List<QueuedEntry> page;
        do {
            page = store.findQueued(after, PAGE);
            // one admission step per page: restoring job by job would walk the queue once per job
            List<Demand> ready = new ArrayList<>();
            for (QueuedEntry entry : page) {
                after = entry.seq();
                if (requeue(entry, ready)) {
                    requeued++;
                }
            }
            admission.restoreAll(ready);
        } while (page.size() == PAGE);
        if (lost + requeued > 0) {
            log.info(
                    "start-up recovery: {} jobs lost with the previous driver ({} of them queued for a retry); {} queued"
                            + " jobs queued again (retries included) in {} ms",
                    lost,
                    retried,
                    requeued,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        started = true;
    }

    /** Queues the job again: into {@code ready} when it may start now, on a timer when it waits out a backoff. */
    private boolean requeue(QueuedEntry entry, List<Demand> ready) {
        if (!admission.knowsPool(entry.pool())) {
            store.find(entry.id()).filter(j -> j.state() == JobState.QUEUED).ifPresent(job -> {
                Job failed = job.fail(
                        new JobError(
                                JobError.NOT_STARTED,
                                "pool '" + entry.pool() + "' is no longer configured; known pools: "
                                        + String.join(", ", admission.poolNames())),
                        clock.instant());
                if (store.transition(job, failed)) {
                    metrics.finished(job.spec().type(), failed.state());
                }
            });
            return false;
        }
        if (entry.notBefore() != null && entry.notBefore().isAfter(clock.instant())) {
            recorder.requeue(Demand.of(entry), entry.notBefore());
        } else {
            ready.add(Demand.of(entry));
        }
        metrics.recovered(JobMetrics.RecoveryOutcome.REQUEUED);
        return true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
