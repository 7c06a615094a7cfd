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
}
