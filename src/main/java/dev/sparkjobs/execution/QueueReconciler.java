package dev.sparkjobs.execution;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Makes sure no job stays QUEUED in the store while no queue here holds it: a submit whose commit
 * went through although its caller was told 503, or a job written by an instance that had just lost
 * its lease. Periodically, every QUEUED job that has waited longer than the interval and is neither
 * waiting for a slot nor running is queued. Queuing one twice costs a slot for a moment, nothing
 * more: only one launch can move it to RUNNING.
 */
@Component
class QueueReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueReconciler.class);

    private final JobStore store;
    private final AdmissionController admission;
    private final JobRunner runner;
    private final JobsProperties properties;
    private final TaskScheduler scheduler;
    private final JobMetrics metrics;
    private final Clock clock;
    private volatile ScheduledFuture<?> schedule;

    QueueReconciler(
            JobStore store,
            AdmissionController admission,
            JobRunner runner,
            JobsProperties properties,
            @Qualifier("jobTimers") TaskScheduler scheduler,
            JobMetrics metrics,
            Clock clock) {
        this.store = store;
        this.admission = admission;
        this.runner = runner;
        this.properties = properties;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @return how many jobs were queued */
    int reconcile() {
        if (admission.isClosed()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(properties.reconcileInterval());
        Set<JobId> waiting = admission.waitingIds();
        int queued = 0;
        for (Job job : store.findAllIn(JobState.QUEUED)) {
            Instant since = job.notBefore() != null ? job.notBefore() : job.submittedAt();
            if (since.isBefore(cutoff)
                    && !waiting.contains(job.id())
                    && !runner.isRunning(job.id())
                    && admission.knowsPool(job.spec().pool())) {
                log.warn("job {} was QUEUED in the store but in no queue here; queuing it", job.id());
                runner.requeue(job);
                metrics.recovered(JobMetrics.RecoveryOutcome.RECONCILED);
                queued++;
            }
        }
        return queued;
    }

    private void reconcileNow() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("queue reconciliation failed; next try in {}: {}", properties.reconcileInterval(), e.toString());
        }
    }

    @Override
    public void start() {
        schedule = scheduler.scheduleWithFixedDelay(
                this::reconcileNow,
                clock.instant().plus(properties.reconcileInterval()),
                properties.reconcileInterval());
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
