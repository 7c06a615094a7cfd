package dev.sparkjobs.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.support.EngineFixture;
import dev.sparkjobs.support.ManualScheduler;
import dev.sparkjobs.support.TestJobType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunningCheckTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final EngineFixture engine = new EngineFixture(2, new TestJobType("wait", context -> {
        started.countDown();
        release.await(10, TimeUnit.SECONDS);
        return Map.of();
    }));
    private final RunningCheck check = new RunningCheck(
            engine.store,
            engine.runner,
            engine.recorder,
            EngineFixture.PROPERTIES,
            EngineFixture.INSTANCE,
            new ManualScheduler(),
            Clock.systemUTC());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void leavesAJobWhoseAttemptIsAliveHere() throws Exception {
        Job job = engine.insert("wait", RetryPolicy.NONE);
        engine.launch(job);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(check.check()).isZero();

        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.SUCCEEDED);
    }

    @Test
    void endsAJobLeftRunningHereWithNoAttemptAliveAndRetriesItWhenItsPolicySaysSo() {
        Job once = running(RetryPolicy.NONE);
        Job retried = running(new RetryPolicy(
                1, Duration.ofHours(1), Duration.ofHours(1), EnumSet.of(RetryPolicy.RetryOn.DRIVER_RESTART)));
        Job elsewhere = engine.insert("wait", RetryPolicy.NONE);
        engine.store.transition(elsewhere, elsewhere.start(Instant.now(), "instance-b"));

        assertThat(check.check()).isEqualTo(2);

        Job lost = engine.store.get(once.id());
        assertThat(lost.state()).isEqualTo(JobState.FAILED);
        assertThat(lost.error().type()).isEqualTo(JobError.ATTEMPT_LOST);
        Job next = engine.store.get(retried.id());
        assertThat(next.state()).isEqualTo(JobState.QUEUED);
        assertThat(next.attempt()).isEqualTo(2);
        assertThat(next.attempts().get(0).outcome()).isEqualTo("DRIVER_RESTART");
        assertThat(engine.store.get(elsewhere.id()).state())
                .as("another instance's job is not this one's to end")
                .isEqualTo(JobState.RUNNING);
    }

    @Test
    void aJobWhoseCancelWasAskedForEndsCancelled() {
        Job job = running(RetryPolicy.NONE);
        engine.store.markCancelRequested(job.requestCancel(Instant.now()));

        check.check();

        assertThat(engine.store.get(job.id()).state()).isEqualTo(JobState.CANCELLED);
    }

    /** A job the store shows RUNNING here whose thread ended without recording it. */
    private Job running(RetryPolicy policy) {
        Job queued = engine.insert("wait", policy);
        Job running = queued.start(Instant.now(), EngineFixture.INSTANCE.value());
        engine.store.transition(queued, running);
        return running;
    }
}
