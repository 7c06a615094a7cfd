package dev.sparkjobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.support.EngineFixture;
import dev.sparkjobs.support.TestJobType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRecorderTest {

    private final EngineFixture engine = new EngineFixture(2, new TestJobType("t", c -> Map.of()));
    private final RetryPolicy retries =
            new RetryPolicy(3, Duration.ZERO, Duration.ZERO, EnumSet.allOf(RetryPolicy.RetryOn.class));

    @AfterEach
    void close() {
        engine.close();
    }

    private Job running(RetryPolicy policy) {
        Job queued = engine.insert("t", policy);
        Job running = queued.start(Instant.now(), EngineFixture.INSTANCE.value());
        assertThat(engine.store.transition(queued, running)).isTrue();
        return running;
    }

    @Test
    void aCancelAskedForWhileTheAttemptEndedWinsOverItsRetry() {
        Job running = running(retries);
        // the cancel lands between the attempt's failure and the write of its retry
        assertThat(engine.store.markCancelRequested(running.requestCancel(Instant.now())))
                .isTrue();
        Job retry = running.afterAttempt(running.fail(new JobError("E", "failed"), Instant.now()), 0.5);
        assertThat(retry.state()).isEqualTo(JobState.QUEUED);

        engine.recorder.end(running, retry);

        Job stored = engine.store.get(running.id());
        assertThat(stored.state()).isEqualTo(JobState.CANCELLED);
        assertThat(stored.attempt()).as("no next attempt").isEqualTo(1);
        assertThat(engine.admission.snapshot().queued()).isZero();
        assertThat(engine.admission.snapshot().running()).isZero();
    }

    @Test
    void withoutACancelTheRetryIsQueuedAtOnceWhenItHasNoBackoff() {
        Job running = running(retries);
        Job retry = running.afterAttempt(running.fail(new JobError("E", "failed"), Instant.now()), 0.5);

        engine.recorder.end(running, retry);

        assertThat(engine.store.get(running.id()).attempt()).isEqualTo(2);
        assertThat(engine.admission.snapshot().queued()
                        + engine.admission.snapshot().running())
                .isEqualTo(1);
    }

    @Test
    void anEndTheStoreRefusesIsLeftForTheRunningCheck() {
        Job running = running(RetryPolicy.NONE);
        engine.store.leaseHeld(false); // another instance took the lease over

        engine.recorder.recordEnd(running, running.succeed(Map.of(), Instant.now()));

        assertThat(engine.store.get(running.id()).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void anAttemptsEndIsWrittenWithItsSideWritesInOneChange() {
        List<String> written = new CopyOnWriteArrayList<>();
        engine.endWrites = List.of(new SideWrite(() -> written.add("progress"), e -> {}));
        Job queued = engine.insert("t", RetryPolicy.NONE);

        engine.launch(queued);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(queued.id()).state() == JobState.SUCCEEDED);
        assertThat(engine.store.sideWrites).singleElement().satisfies(change -> {
            assertThat(change.getKey()).isEqualTo(JobState.SUCCEEDED);
            assertThat(change.getValue()).isSameAs(engine.endWrites);
        });
        assertThat(written).containsExactly("progress");
    }

    @Test
    void anEndTheStoreCannotHoldIsRecordedFailedWithTheSameSideWrites() {
        Job running = running(RetryPolicy.NONE);
        List<SideWrite> alongside = List.of(new SideWrite(() -> {}, e -> {}));
        AtomicBoolean first = new AtomicBoolean(true);
        engine.store.beforeTransition = (before, after) -> {
            if (first.getAndSet(false)) { // e.g. a result the store refuses: that change wrote nothing
                throw new IllegalStateException("result too large");
            }
        };

        engine.recorder.recordEnd(running, running.succeed(Map.of("x", 1), Instant.now()), alongside);

        assertThat(engine.store.get(running.id()).state()).isEqualTo(JobState.FAILED);
        assertThat(engine.store.sideWrites)
                .extracting(Map.Entry::getKey)
                .containsExactly(JobState.SUCCEEDED, JobState.FAILED);
        assertThat(engine.store.sideWrites)
                .allSatisfy(change -> assertThat(change.getValue()).isSameAs(alongside));
    }
}
