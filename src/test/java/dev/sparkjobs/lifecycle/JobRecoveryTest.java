package dev.sparkjobs.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.admission.QueuedJob;
import dev.sparkjobs.engine.JobRecorder;
import dev.sparkjobs.engine.JobWaiters;
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

class JobRecoveryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final List<QueuedJob> launched = new ArrayList<>();
    private final AdmissionController admission =
            new AdmissionController(new AdmissionProperties(1, 10_000, Duration.ofSeconds(1), Map.of()));
    private final JobRecovery recovery;

    JobRecoveryTest() {
        admission.launchWith(launched::add);
        ManualScheduler timers = new ManualScheduler();
        JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry(), admission, new JobSessions(null, 0));
        JobWaiters waiters = new JobWaiters(timers, Runnable::run, clock);
        JobRecorder recorder =
                new JobRecorder(store, admission, timers, metrics, waiters, EngineFixture.PROPERTIES, clock);
        recovery = new JobRecovery(store, admission, metrics, waiters, recorder, clock);
    }

    private Job stored(int priority) {
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("sql", null, Map.of(), "default", priority, Duration.ofMinutes(1), Map.of()),
                JobOwner.DEFAULT,
                clock.instant());
        store.insert(job, null);
        return job;
    }

    @Test
    void queuedJobsStartInRankOrderWithinAPageAndInPageOrderAcrossPages() {
        Job first = stored(0);
        Job urgent = stored(5);
        for (int i = 2; i < JobRecovery.PAGE; i++) {
            stored(0);
        }
        Job urgentOnTheNextPage = stored(9);

        recovery.start();

        assertThat(launched)
                .as("the page's most urgent job takes the one slot, ahead of the job stored first")
                .extracting(QueuedJob::id)
                .containsExactly(urgent.id());
        assertThat(admission.snapshot().queued()).isEqualTo(JobRecovery.PAGE);
        admission.finished(launched.get(0));
        assertThat(launched).extracting(QueuedJob::id).last().isEqualTo(urgentOnTheNextPage.id());
        admission.finished(launched.get(1));
        assertThat(launched).extracting(QueuedJob::id).last().isEqualTo(first.id());
    }
}
