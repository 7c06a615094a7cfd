package dev.sparkjobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.job.RetryPolicy.RetryOn;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetryPolicy TWICE = new RetryPolicy(
            2, Duration.ofSeconds(10), Duration.ofSeconds(25), EnumSet.of(RetryOn.FAILED, RetryOn.DRIVER_RESTART));
    private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");

    @Test
    void retriesTheNamedEndingsUpToMaxRetriesTimes() {
        assertThat(TWICE.retries(1, RetryOn.FAILED)).isTrue();
        assertThat(TWICE.retries(2, RetryOn.DRIVER_RESTART)).isTrue();
        assertThat(TWICE.retries(3, RetryOn.FAILED))
                .as("the third attempt was the last")
                .isFalse();
        assertThat(TWICE.retries(1, RetryOn.TIMED_OUT)).as("not named").isFalse();
        assertThat(RetryPolicy.NONE.retries(1, RetryOn.FAILED)).isFalse();
    }

    @Test
    void theDelayDoublesIsCappedAndJitteredWithinItsUpperHalf() {
        assertThat(TWICE.delayBefore(2, 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(TWICE.delayBefore(2, 0.999999)).isBetween(Duration.ofMillis(9_999), Duration.ofSeconds(10));
        assertThat(TWICE.delayBefore(3, 0.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(TWICE.delayBefore(3, 0.5)).isEqualTo(Duration.ofSeconds(15));
        assertThat(TWICE.delayBefore(4, 0.0)).as("40 s capped at 25 s").isEqualTo(Duration.ofMillis(12_500));
        assertThat(TWICE.delayBefore(80, 0.0)).as("no overflow").isEqualTo(Duration.ofMillis(12_500));
        assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ofHours(1), Set.of(RetryOn.FAILED)).delayBefore(2, 0.7))
                .isZero();
    }

    @Test
    void refusesNegativeValues() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(-1), Duration.ZERO, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRetryQueuesTheNextAttemptAndKeepsTheOneThatEnded() {
        Job running = Job.submitted(
                        JobId.random(),
                        new JobSpec("sql", null, Map.of(), "default", 0, Duration.ofMinutes(1), Map.of(), TWICE),
                        JobOwner.DEFAULT,
                        T0)
                .start(T0.plusSeconds(1), "i-1");
        Job failed = running.fail(new JobError("DIVIDE_BY_ZERO", "x / 0"), T0.plusSeconds(3));

        assertThat(failed.retryCause()).contains(RetryOn.FAILED);
        Job again = running.retry(RetryOn.FAILED, failed.error(), T0.plusSeconds(3), Duration.ofSeconds(7));

        assertThat(again.state()).isEqualTo(JobState.QUEUED);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.notBefore()).isEqualTo(T0.plusSeconds(10));
        assertThat(again.startedAt()).isNull();
        assertThat(again.error()).isNull();
        assertThat(again.attempts())
                .containsExactly(new Attempt(
                        1, T0.plusSeconds(1), T0.plusSeconds(3), "FAILED", new JobError("DIVIDE_BY_ZERO", "x / 0")));
        assertThat(again.start(T0.plusSeconds(10), "i-1").notBefore())
                .as("only a waiting job has one")
                .isNull();
        assertThatThrownBy(() -> again.retry(RetryOn.FAILED, null, T0, Duration.ZERO))
                .as("only a running attempt can end in a retry")
                .isInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void eachRetryWaitsItsBackoffFromTheMomentItsAttemptEndedUntilTheRetriesAreSpent() {
        RetryPolicy thrice = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(25), Set.of(RetryOn.FAILED));
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("sql", null, Map.of(), "default", 0, Duration.ofMinutes(1), Map.of(), thrice),
                JobOwner.DEFAULT,
                T0);
        Instant now = T0;
        // attempt n ends 2 s after it starts; with no jitter (random 0) it waits half its full delay
        Duration[] waits = {Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(12_500)};
        for (Duration wait : waits) {
            Job running = job.start(now, "i-1");
            now = now.plusSeconds(2);
            Job next = running.afterAttempt(running.fail(new JobError("E", "e"), now), 0.0);
            assertThat(next.state()).isEqualTo(JobState.QUEUED);
            assertThat(next.notBefore()).isEqualTo(now.plus(wait));
            now = next.notBefore();
            job = next;
        }
        Job last = job.start(now, "i-1");
        Job end = last.afterAttempt(last.fail(new JobError("E", "e"), now.plusSeconds(2)), 0.0);

        assertThat(end.state()).as("3 retries spent").isEqualTo(JobState.FAILED);
        assertThat(end.attempt()).isEqualTo(4);
        assertThat(end.attempts())
                .as("the earlier attempts; the last one's times are the job's own")
                .extracting(Attempt::endedAt)
                .containsExactly(T0.plusSeconds(2), T0.plusSeconds(9), T0.plusSeconds(21));
        assertThat(end.finishedAt()).isEqualTo(T0.plusMillis(35_500));
    }

    @Test
    void aCancelOrASuccessEndsTheJobWhateverThePolicy() {
        Job running = Job.submitted(
                        JobId.random(),
                        new JobSpec("sql", null, Map.of(), "default", 0, Duration.ofMinutes(1), Map.of(), TWICE),
                        JobOwner.DEFAULT,
                        T0)
                .start(T0, "i-1");
        assertThat(running.afterAttempt(running.cancel(T0), 0.5).state()).isEqualTo(JobState.CANCELLED);
        assertThat(running.afterAttempt(running.succeed(Map.of(), T0), 0.5).state())
                .isEqualTo(JobState.SUCCEEDED);
        assertThat(running.afterAttempt(running.timeOut(T0), 0.5).state())
                .as("TIMED_OUT is not named by this policy")
                .isEqualTo(JobState.TIMED_OUT);
    }

    @Test
    void endingsMapToWhatAPolicyNames() {
        Job running = Job.submitted(
                        JobId.random(),
                        new JobSpec("sql", null, Map.of(), "default", 0, Duration.ofMinutes(1), Map.of()),
                        JobOwner.DEFAULT,
                        T0)
                .start(T0, "i-1");
        assertThat(running.timeOut(T0).retryCause()).contains(RetryOn.TIMED_OUT);
        assertThat(running.lostWithDriver("stopped", T0).retryCause()).contains(RetryOn.DRIVER_RESTART);
        assertThat(running.cancel(T0).retryCause()).isEmpty();
        assertThat(running.succeed(Map.of(), T0).retryCause()).isEmpty();
    }
}
