package dev.sparkjobs.lifecycle;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.Demand;
import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.job.QueuedEntry;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Makes sure no job stays QUEUED in the store while no queue here holds it: a submit whose commit
 * went through although its caller was told 503, or a job written by an instance that had just lost
 * its lease. Each run reads one page of QUEUED jobs (ids, pools and priorities, not their params),
 * continuing where the last run stopped, and queues those that have waited longer than the interval
 * and that the admission controller neither holds waiting nor has launched; the check and the queuing
 * are one step under the controller's lock. A job queued twice all the same (it left the queue and
 * ended between the read and the check) costs a slot for a moment: its launch finds it no longer
 * QUEUED and does nothing.
 */
@Component
class QueueReconciler extends Periodic {

    static final int PAGE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(QueueReconciler.class);

    private final JobStore store;
    private final AdmissionController admission;
    private final JobsProperties properties;
    private final JobMetrics metrics;
    private final Clock clock;
    private long after;

    QueueReconciler(
            JobStore store,
            AdmissionController admission,
            JobsProperties properties,
            @Qualifier("housekeeping") TaskScheduler scheduler,
            JobMetrics metrics,
            Clock clock) {
        super(scheduler, clock);
        this.store = store;
        this.admission = admission;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * One page: at most {@link #PAGE} jobs read.
     *
     * @return how many jobs were queued
     */
    synchronized int reconcile() {
        if (admission.isClosed()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(properties.reconcileInterval());
        List<QueuedEntry> page = store.findQueued(after, PAGE);
        after = page.size() < PAGE ? 0 : page.get(page.size() - 1).seq();
        List<Demand> candidates = page.stream()
                .filter(job -> job.waitingSince().isBefore(cutoff) && admission.knowsPool(job.pool()))
                .map(Demand::of)
                .toList();
        // one check-and-queue step for the page: one hold of the admission lock, one launch walk
        List<Demand> queued = candidates.isEmpty() ? List.of() : admission.restoreAllIfAbsent(candidates);
        for (Demand job : queued) {
            log.warn("job {} was QUEUED in the store but in no queue here; queued it", job.id());
            metrics.recovered(JobMetrics.RecoveryOutcome.RECONCILED);
        }
        return queued.size();
    }

    @Override
    protected void runOnce() {
        reconcile();
    }

    @Override
    protected Duration interval() {
        return properties.reconcileInterval();
    }
}
