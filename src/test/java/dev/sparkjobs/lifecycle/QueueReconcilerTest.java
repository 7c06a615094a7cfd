package dev.sparkjobs.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.admission.QueuedJob;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.spark.JobSessions;
import dev.sparkjobs.support.EngineFixture;
import dev.sparkjobs.support.InMemoryJobStore;
import dev.sparkjobs.support.ManualScheduler;
import dev.sparkjobs.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueReconcilerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final List<QueuedJob> launched = new ArrayList<>();
    private final AdmissionController admission =
            new AdmissionController(new AdmissionProperties(1, 10, Duration.ofSeconds(1), Map.of()));
    private final QueueReconciler reconciler;

    QueueReconcilerTest() {
        admission.launchWith(launched::add);
        reconciler = new QueueReconciler(
                store,
                admission,
                EngineFixture.PROPERTIES,
                new ManualScheduler(),
                new JobMetrics(new SimpleMeterRegistry(), admission, new JobSessions(null, 0)),
                clock);
    }

    private Job stored() {
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("sql", null, Map.of(), "default", 0, Duration.ofMinutes(1), Map.of()),
                JobOwner.DEFAULT,
                clock.instant());
        store.insert(job, null);
        return job;
    }

    @Test
    void queuesOnlyOldEnoughJobsTheControllerHoldsNeitherWaitingNorLaunched() {
        Job launchedJob = stored();
        Job waitingJob = stored();
        Job orphan = stored();
        admission.restore(launchedJob.id(), "default", "default", 0); // launched: the one slot
        admission.restore(waitingJob.id(), "default", "default", 0); // waits for the slot
        clock.advance(Duration.ofSeconds(61));
        Job young = stored(); // submitted less than the interval ago: its submit may still be queuing it

        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(admission.waitingIds()).containsExactlyInAnyOrder(waitingJob.id(), orphan.id());
        assertThat(admission.waitingIds()).doesNotContain(young.id());
        assertThat(reconciler.reconcile()).as("now held: not queued twice").isZero();

        admission.finished(launched.get(0)); // the launched job ends; the waiting one is launched
        assertThat(launched).extracting(QueuedJob::id).containsExactly(launchedJob.id(), waitingJob.id());
    }

    @Test
    void eachRunReadsOnePageAndTheNextRunGoesOnFromThere() {
        int jobs = QueueReconciler.PAGE * 2 + QueueReconciler.PAGE / 2;
        for (int i = 0; i < jobs; i++) {
            stored();
        }
        clock.advance(Duration.ofMinutes(2));

        assertThat(reconciler.reconcile()).isEqualTo(QueueReconciler.PAGE);
        assertThat(reconciler.reconcile()).isEqualTo(QueueReconciler.PAGE);
        assertThat(reconciler.reconcile()).isEqualTo(QueueReconciler.PAGE / 2);
        assertThat(reconciler.reconcile())
                .as("wrapped to the start: all held now")
                .isZero();
        assertThat(admission.snapshot().queued() + admission.snapshot().running())
                .isEqualTo(jobs);
    }
}
