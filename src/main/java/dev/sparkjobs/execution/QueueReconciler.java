package dev.sparkjobs.execution;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
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
class QueueReconciler extends Periodic {

    private static final Logger log = LoggerFactory.getLogger(QueueReconciler.class);

    private final JobStore store;
    private final AdmissionController admission;
    private final JobRunner runner;
    private final JobRecorder recorder;
    private final JobsProperties properties;
    private final JobMetrics metrics;
    private final Clock clock;

    QueueReconciler(
            JobStore store,
            AdmissionController admission,
            JobRunner runner,
            JobRecorder recorder,
            JobsProperties properties,
            @Qualifier("jobTimers") TaskScheduler scheduler,
            JobMetrics metrics,
            Clock clock) {
        super(scheduler, clock);
        this.store = store;
        this.admission = admission;
        this.runner = runner;
        this.recorder = recorder;
        this.properties = properties;
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
                recorder.requeue(job);
                metrics.recovered(JobMetrics.RecoveryOutcome.RECONCILED);
                queued++;
            }
        }
        return queued;
    }

    @Override
    void runOnce() {
        reconcile();
    }

    @Override
    Duration interval() {
        return properties.reconcileInterval();
    }
}
