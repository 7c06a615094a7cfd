package dev.sparkjobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    static Job aQueuedJob() {
        JobSpec spec = new JobSpec(
                "sql", "n", Map.of("sql", "SELECT 1"), "default", 0, Duration.ofSeconds(30), Map.of("team", "a"));
        return Job.submitted(JobId.random(), spec, null, T0);
    }

    @Test
    void walksTheHappyPathAndStampsEachMove() {
        Job queued = aQueuedJob();
        Job running = queued.start(T0.plusSeconds(1), "i-1");
        Job done = running.succeed(Map.of("rowCount", 1), T0.plusSeconds(2));

        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.owner()).isEqualTo(JobOwner.DEFAULT);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(done.result()).containsEntry("rowCount", 1);
        assertThat(done.error()).isNull();
    }

    @Test
    void failureCancelAndTimeoutCarryAnError() {
        Job running = aQueuedJob().start(T0, "i-1");
        assertThat(running.fail(new JobError("X", "boom"), T0).error()).isEqualTo(new JobError("X", "boom"));
        assertThat(running.cancel(T0).error().type()).isEqualTo(JobError.CANCELLED);
        assertThat(running.timeOut(T0).error().message()).contains("30 s");
    }

    @Test
    void refusesIllegalMoves() {
        Job done = aQueuedJob().start(T0, "i-1").succeed(Map.of(), T0);
        assertThatThrownBy(() -> done.cancel(T0))
                .isInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("SUCCEEDED");
        assertThatThrownBy(() -> aQueuedJob().succeed(Map.of(), T0)).isInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> aQueuedJob().timeOut(T0)).isInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> aQueuedJob().requestCancel(T0)).isInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void anUnrunJobIsBornTerminalWithAttemptZero() {
        Job queued = aQueuedJob();
        JobError why = new JobError(JobError.SKIPPED, "runIf ALL_SUCCESS cannot hold: extract FAILED");
        Job skipped = Job.unrun(queued.id(), queued.spec(), null, T0, JobState.SKIPPED, why);

        assertThat(skipped.state()).isEqualTo(JobState.SKIPPED);
        assertThat(skipped.isTerminal()).isTrue();
        assertThat(skipped.submittedAt()).isEqualTo(T0);
        assertThat(skipped.finishedAt()).isEqualTo(T0);
        assertThat(skipped.startedAt()).isNull();
        assertThat(skipped.attempt()).isZero();
        assertThat(skipped.error()).isEqualTo(why);
        assertThat(skipped.owner()).isEqualTo(JobOwner.DEFAULT);
        assertThat(skipped.retryCause()).isEmpty();
        assertThatThrownBy(() -> skipped.cancel(T0)).isInstanceOf(IllegalJobTransitionException.class);

        Job failed = Job.unrun(
                queued.id(), queued.spec(), null, T0, JobState.FAILED, new JobError(JobError.INVALID_PARAMS, "x"));
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.attempt()).isZero();
    }

    @Test
    void onlyAnUnsuccessfulTerminalStateCanBeBornTerminal() {
        Job queued = aQueuedJob();
        JobError why = new JobError(JobError.SKIPPED, "x");
        assertThatThrownBy(() -> Job.unrun(queued.id(), queued.spec(), null, T0, JobState.QUEUED, why))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Job.unrun(queued.id(), queued.spec(), null, T0, JobState.SUCCEEDED, why))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Job(
                        queued.id(),
                        queued.spec(),
                        JobState.QUEUED,
                        null,
                        T0,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        null,
                        null,
                        null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelRequestKeepsTheJobRunning() {
        Job requested = aQueuedJob().start(T0, "i-1").requestCancel(T0.plusSeconds(3));
        assertThat(requested.state()).isEqualTo(JobState.RUNNING);
        assertThat(requested.cancelRequestedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void parsesOnlyCanonicalIds() {
        JobId id = JobId.random();
        assertThat(JobId.parse(id.toString())).contains(id);
        assertThat(JobId.parse("not-a-uuid")).isEmpty();
        assertThat(JobId.parse("1-1-1-1-1")).isEmpty();
        assertThat(JobId.parse(null)).isEmpty();
    }

    private static Job aJobRetrying(RetryPolicy policy) {
        JobSpec spec = new JobSpec("sql", "n", Map.of(), "default", 0, Duration.ofSeconds(30), Map.of(), policy);
        return Job.submitted(JobId.random(), spec, null, T0);
    }

    private static Job conflictAfter(Job queued) {
        Job running = queued.start(T0, "i-1");
        return running.afterAttempt(
                running.fail(new JobError(JobError.DELTA_CONFLICT, "[DELTA_CONCURRENT_APPEND] x"), T0.plusSeconds(1)),
                0.0);
    }

    @Test
    void aDeltaConflictIsRetriedOnItsOwnBudgetWithDoublingBackoff() {
        RetryPolicy policy = new RetryPolicy(
                0,
                Duration.ZERO,
                Duration.ofMinutes(1),
                java.util.Set.of(RetryPolicy.RetryOn.DELTA_CONFLICT),
                new RetryPolicy.Conflicts(2, Duration.ofSeconds(2)));
        Job second = conflictAfter(aJobRetrying(policy));
        assertThat(second.state()).isEqualTo(JobState.QUEUED);
        assertThat(second.attempts()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("DELTA_CONFLICT");
            assertThat(a.error().message()).contains("DELTA_CONCURRENT_APPEND");
        });
        assertThat(second.notBefore()).as("half of 2 s at the least jitter").isEqualTo(T0.plusSeconds(2));
        Job third = conflictAfter(second);
        assertThat(third.state()).isEqualTo(JobState.QUEUED);
        assertThat(third.notBefore()).as("doubled: half of 4 s").isEqualTo(T0.plusSeconds(3));
        Job ended = conflictAfter(third);
        assertThat(ended.state()).as("two conflicts retried, the third ends it").isEqualTo(JobState.FAILED);
        assertThat(ended.error().type()).isEqualTo(JobError.DELTA_CONFLICT);
    }

    @Test
    void aConflictOfAJobNotSafeToRepeatIsAFailureLikeAnyOther() {
        RetryPolicy failedOnce = new RetryPolicy(
                1,
                Duration.ZERO,
                Duration.ZERO,
                java.util.Set.of(RetryPolicy.RetryOn.FAILED, RetryPolicy.RetryOn.DELTA_CONFLICT));
        Job second = conflictAfter(aJobRetrying(failedOnce));
        assertThat(second.state()).isEqualTo(JobState.QUEUED);
        assertThat(second.attempts()).singleElement().satisfies(a -> assertThat(a.outcome())
                .isEqualTo("FAILED"));
        assertThat(conflictAfter(aJobRetrying(RetryPolicy.NONE)).state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void anAbandonedJobWhoseAttemptIsLostEndsAbandonedNotCancelledOnRequest() {
        Job running = aQueuedJob().start(T0, "here");
        Job asked = running.requestAbandon(T0.plusSeconds(1));
        assertThat(asked.cancelReason()).isEqualTo(JobError.ABANDONED);

        Job ended = asked.endLostAttempt(asked.lostWithDriver("lease lost", T0.plusSeconds(2)), 0.5);
        assertThat(ended.state()).isEqualTo(JobState.CANCELLED);
        assertThat(ended.error().type()).isEqualTo(JobError.ABANDONED);
        assertThat(asked.cancelAsAsked(T0.plusSeconds(2)).error().type()).isEqualTo(JobError.ABANDONED);

        Job onRequest = running.requestCancel(T0.plusSeconds(1));
        assertThat(onRequest
                        .endLostAttempt(onRequest.lostWithDriver("lease lost", T0.plusSeconds(2)), 0.5)
                        .error()
                        .type())
                .isEqualTo(JobError.CANCELLED);
    }

    @Test
    void aJobStoppedByItsBatchWhoseAttemptIsLostEndsBatchStopped() {
        Job asked = aQueuedJob().start(T0, "here").requestStopByBatch(T0.plusSeconds(1));
        assertThat(asked.cancelReason()).isEqualTo(JobError.BATCH_STOPPED);

        Job ended = asked.endLostAttempt(asked.lostWithDriver("lease lost", T0.plusSeconds(2)), 0.5);
        assertThat(ended.state()).isEqualTo(JobState.CANCELLED);
        assertThat(ended.error().type()).isEqualTo(JobError.BATCH_STOPPED);
        assertThat(asked.cancelAsAsked(T0.plusSeconds(2)).error().type()).isEqualTo(JobError.BATCH_STOPPED);
    }
}
