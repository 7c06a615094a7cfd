package dev.sparkjobs.execution;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.job.Attempt;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Writes what became of a job's attempt and tells whoever waits: the final state, or the next
 * attempt queued again. Used by the runner when an attempt ends, and by start-up recovery and the
 * reconciler to queue jobs the store holds as QUEUED.
 */
@Component
class JobRecorder {

    private static final Logger log = LoggerFactory.getLogger(JobRecorder.class);

    private final JobStore store;
    private final AdmissionController admission;
    private final TaskScheduler scheduler;
    private final JobMetrics metrics;
    private final JobWaiters waiters;
    private final JobsProperties properties;
    private final Clock clock;

    JobRecorder(
            JobStore store,
            AdmissionController admission,
            @Qualifier("jobTimers") TaskScheduler scheduler,
            JobMetrics metrics,
            JobWaiters waiters,
            JobsProperties properties,
            Clock clock) {
        this.store = store;
        this.admission = admission;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.waiters = waiters;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Queues a job that is QUEUED in the store again: at once, or when its {@code notBefore} comes.
     * Its place was taken when it was first accepted, so the queue's cap does not apply.
     */
    void requeue(Job job) {
        Runnable enqueue =
                () -> admission.restore(job.id(), job.spec().pool(), job.spec().priority());
        if (job.notBefore() == null || !job.notBefore().isAfter(clock.instant())) {
            enqueue.run();
        } else {
            scheduler.schedule(enqueue, job.notBefore());
        }
    }

    /**
     * Records how an attempt ended: its final state (metrics, waiters), or its retry (queued again
     * after its backoff). A cancel asked for while the attempt ended wins over its retry.
     */
    void end(Job before, Job after) {
        if (!transitionDurably(before, after)) {
            Job now = store.find(before.id()).orElse(null);
            if (after.state() == JobState.QUEUED
                    && now != null
                    && now.state() == JobState.RUNNING
                    && now.attempt() == before.attempt()
                    && now.cancelRequestedAt() != null) {
                log.info("cancel requested as attempt {} ended; not retrying", before.attempt());
                end(now, now.cancel(clock.instant()));
                return;
            }
            log.error("job {} was not {} any more when it ended as {}", before.id(), before.state(), after.state());
            return;
        }
        if (after.state() == JobState.QUEUED) {
            Attempt ended = after.attempts().get(after.attempts().size() - 1);
            metrics.retried(after.spec().type(), ended.outcome());
            log.info(
                    "attempt {} ended {}; attempt {} queued, not before {}",
                    ended.number(),
                    ended.outcome(),
                    after.attempt(),
                    after.notBefore());
            requeue(after);
            return;
        }
        Job stored = after;
        try {
            stored = store.find(after.id()).orElse(after);
        } catch (DataAccessException | TransactionException e) {
            log.warn("could not read job {} back after its end: {}", after.id(), e.toString());
        }
        metrics.finished(after.spec().type(), after.state());
        if (after.startedAt() != null) {
            metrics.runTime(after.spec().type(), Duration.between(after.startedAt(), after.finishedAt()));
        }
        log.info("job ended {}", after.state());
        waiters.finished(stored);
    }

    /**
     * A job's end is written even if the store is briefly away: retried with backoff (0.5 s doubling
     * to 10 s) for up to {@code jobservice.jobs.store-retry}, while the job keeps its slot.
     */
    private boolean transitionDurably(Job before, Job after) {
        long deadline = System.nanoTime() + properties.storeRetry().toNanos();
        long waitMillis = 500;
        while (true) {
            try {
                return store.transition(before, after);
            } catch (RuntimeException e) {
                if (!StoreOutage.is(e) || System.nanoTime() + waitMillis * 1_000_000 > deadline) {
                    throw e;
                }
                metrics.storeWriteRetried();
                log.warn(
                        "job store unavailable recording {} as {}; retrying in {} ms: {}",
                        after.id(),
                        after.state(),
                        waitMillis,
                        e.toString());
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waitMillis = Math.min(waitMillis * 2, 10_000);
            }
        }
    }
}
