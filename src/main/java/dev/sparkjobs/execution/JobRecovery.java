package dev.sparkjobs.execution;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Picks up, at start-up, what the previous run of the service left in the store, before the web
 * server takes requests: jobs it had RUNNING lost their Spark work with its driver and end FAILED
 * with {@code DRIVER_RESTART}, or, when their retry policy allows, are queued for another attempt;
 * jobs it had QUEUED are queued again, in their original order, ahead of anything submitted from now
 * on (those waiting out a retry's backoff when their {@code notBefore} comes).
 */
@Component
class JobRecovery implements SmartLifecycle {

    /** Before the web server starts ({@code DEFAULT_PHASE - 1024}) and its graceful shutdown. */
    static final int PHASE = DEFAULT_PHASE - 4096;

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
        int lost = 0;
        int retried = 0;
        for (Job job : store.findAllIn(JobState.RUNNING)) {
            Instant now = clock.instant();
            Job ended = job.cancelRequestedAt() != null
                    ? job.cancel(now) // its cancel was asked for: it ends as asked, never retried
                    : job.lostWithDriver("the service stopped while the job ran", now);
            Job next = job.afterAttempt(ended, random.nextDouble());
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
        for (Job job : store.findAllIn(JobState.QUEUED)) {
            if (!admission.knowsPool(job.spec().pool())) {
                Job failed = job.fail(
                        new JobError(
                                JobError.NOT_STARTED,
                                "pool '" + job.spec().pool() + "' is no longer configured; known pools: "
                                        + String.join(", ", admission.poolNames())),
                        clock.instant());
                if (store.transition(job, failed)) {
                    metrics.finished(job.spec().type(), failed.state());
                }
                continue;
            }
            recorder.requeue(job);
            metrics.recovered(JobMetrics.RecoveryOutcome.REQUEUED);
            requeued++;
        }
        if (lost + requeued > 0) {
            log.info(
                    "start-up recovery: {} jobs lost with the previous driver ({} of them queued for a retry), {} queued"
                            + " again",
                    lost,
                    retried,
                    requeued);
        }
        started = true;
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
