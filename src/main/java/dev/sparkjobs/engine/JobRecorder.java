package dev.sparkjobs.engine;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.Demand;
import dev.sparkjobs.job.Attempt;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * Writes what became of a job's attempt and tells whoever waits: the final state, or the next
 * attempt queued again. Used by the runner when an attempt ends, by start-up recovery and the
 * running check for attempts whose work was lost, and by recovery and the reconciler to queue jobs
 * the store holds as QUEUED.
 */
public class JobRecorder {

    private static final Logger log = LoggerFactory.getLogger(JobRecorder.class);

    private final JobStore store;
    private final AdmissionController admission;
    private final TaskScheduler timers;
    private final JobMetrics metrics;
    private final JobWaiters waiters;
    private final JobsProperties properties;
    private final Clock clock;

    public JobRecorder(
            JobStore store,
            AdmissionController admission,
            TaskScheduler jobTimers,
            JobMetrics metrics,
            JobWaiters waiters,
            JobsProperties properties,
            Clock clock) {
        this.store = store;
        this.admission = admission;
        this.timers = jobTimers;
        this.metrics = metrics;
        this.waiters = waiters;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Queues a job that is QUEUED in the store: at once, or when its {@code notBefore} comes. Its
     * place was taken when it was first accepted, so the queue's cap does not apply.
     */
    public void requeue(Demand job, Instant notBefore) {
        Runnable enqueue = () -> admission.restore(job);
        if (notBefore == null || !notBefore.isAfter(clock.instant())) {
            enqueue.run();
        } else {
            timers.schedule(enqueue, notBefore);
        }
    }

    /**
     * Records how the runner's attempt ended ({@code after}: a final state or the next attempt). When
     * that cannot be written (e.g. a result the store cannot hold) the attempt is recorded FAILED with
     * the reason; when even that fails the job stays RUNNING here until the running check ends it.
     */
    void recordEnd(Job before, Job after) {
        recordEnd(before, after, List.of());
    }

    /**
     * As {@link #recordEnd(Job, Job)}, with {@code alongside} (the attempt's final progress and cost)
     * written in the same transaction as the end, or as the FAILED end recorded instead.
     */
    void recordEnd(Job before, Job after, List<SideWrite> alongside) {
        try {
            end(before, after, alongside);
        } catch (RuntimeException e) {
            log.error(
                    "could not record the end of job {} as {}; recording it as FAILED", before.id(), after.state(), e);
            try {
                // the store's own message may quote its SQL: not for callers
                JobError why = new JobError(
                        JobError.ATTEMPT_LOST,
                        "the attempt ended but its outcome could not be stored ("
                                + e.getClass().getSimpleName() + "); see the service log");
                end(before, before.fail(why, clock.instant()), alongside);
            } catch (RuntimeException again) {
                log.error(
                        "could not record the end of job {} at all; the running check will end it: {}",
                        before.id(),
                        again.toString());
            }
        }
    }

    /**
     * Records how an attempt ended: its final state (metrics, waiters), or its retry (queued again
     * after its backoff). A cancel asked for while the attempt ended wins over its retry.
     */
    public void end(Job before, Job after) {
        end(before, after, List.of());
    }

    /**
     * {@link #end(Job, Job)} with side writes in the end's transaction, on each try of it; a change the
     * store refused wrote them, so the cancel's end that may follow carries none.
     */
    private void end(Job before, Job after, List<SideWrite> alongside) {
        if (!transitionDurably(before, after, alongside)) {
            Job now = store.find(before.id()).orElse(null);
            if (after.state() == JobState.QUEUED
                    && now != null
                    && now.state() == JobState.RUNNING
                    && now.attempt() == before.attempt()
                    && now.cancelRequestedAt() != null) {
                log.info("cancel requested as attempt {} ended; not retrying", before.attempt());
                end(now, now.cancelAsAsked(clock.instant()));
                return;
            }
            log.warn(
                    "the end of job {} (attempt {}) as {} was refused by the store: the job moved on (now {}) or this"
                            + " instance no longer holds the driver lease",
                    before.id(),
                    before.attempt(),
                    after.state(),
                    now == null ? "deleted" : now.state() + ", attempt " + now.attempt());
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
            requeue(Demand.of(after), after.notBefore());
            return;
        }
        metrics.finished(after.spec().type(), after.state());
        if (after.startedAt() != null) {
            metrics.runTime(after.spec().type(), Duration.between(after.startedAt(), after.finishedAt()));
        }
        log.info("job ended {}", after.state());
        waiters.finished(readBack(after));
    }

    /** The job as stored after its end (with what others wrote, e.g. its cancel request); as written if unreadable. */
    private Job readBack(Job written) {
        try {
            return store.find(written.id()).orElse(written);
        } catch (RuntimeException e) {
            log.warn("could not read job {} back after its end: {}", written.id(), e.toString());
            return written;
        }
    }

    /**
     * A job's end is written even if the store is briefly away: retried with backoff (0.5 s doubling
     * to 10 s) for up to {@code jobservice.jobs.store-retry}, while the job keeps its slot.
     */
    private boolean transitionDurably(Job before, Job after, List<SideWrite> alongside) {
        return StoreOutage.retrying(
                () -> store.transition(before, after, alongside),
                properties.storeRetry(),
                Duration.ofMillis(500),
                (e, wait) -> {
                    metrics.storeWriteRetried();
                    log.warn(
                            "job store unavailable recording {} as {}; retrying in {} ms: {}",
                            after.id(),
                            after.state(),
                            wait.toMillis(),
                            e.toString());
                });
    }
}
