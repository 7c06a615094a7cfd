package dev.sparkjobs.batches;

import static dev.sparkjobs.batches.BatchFixture.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.CancelReason;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.job.JobState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchStepperTest {

    private final BatchFixture f = new BatchFixture();

    @Test
    void aChainRunsToTheEnd() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"), node("b", "a"));

        f.stepper.step(id);
        f.succeed(id, "a");
        f.stepper.step(id);
        f.succeed(id, "b");
        f.stepper.step(id);

        assertThat(f.batch(id).state()).isEqualTo(BatchState.SUCCEEDED);
    }

    @Test
    void failFastCancelsASiblingStartedInTheSameStepAsANodeBornFailed() {
        BatchId id = f.submit(FailurePolicy.FAIL_FAST, null, node("a"), node("b"));
        f.nodeJobs.bornFailed.add("b");

        f.stepper.step(id); // a starts, b is born FAILED: the stop must reach a's job, just made
        f.stepper.step(id);

        assertThat(f.nodeJobs.cancelled).containsExactly(f.batch(id).node("a").jobId());
        assertThat(f.job(id, "a").state()).isEqualTo(JobState.CANCELLED);
        assertThat(f.batch(id).state()).isEqualTo(BatchState.FAILED);
    }

    @Test
    void aNodeWhoseJobIsGoneFailsAndTheBatchEnds() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"), node("b", "a"));
        f.nodeJobs.lost.add("a"); // as if job retention deleted it, or it was never found

        f.stepper.step(id);
        f.stepper.step(id);

        assertThat(f.batch(id).node("a").state()).isEqualTo(JobState.FAILED);
        assertThat(f.batch(id).node("b").state()).isEqualTo(JobState.SKIPPED);
        assertThat(f.batch(id).state()).isEqualTo(BatchState.FAILED);
        assertThat(new BatchView(f.batch(id), Map.of(), List.of(), false)
                        .error(f.batch(id).node("a"))
                        .type())
                .isEqualTo(BatchView.JOB_NOT_FOUND);
    }

    @Test
    void aRepairedBatchHasItsWholeTimeoutAgainFromTheRepair() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, Duration.ofMinutes(1), node("a"), node("b", "a"));
        f.stepper.step(id);
        f.end(id, "a", JobState.FAILED, null);
        f.stepper.step(id);
        assertThat(f.batch(id).state()).isEqualTo(BatchState.FAILED);

        f.clock.advance(Duration.ofMinutes(10)); // long past the timeout counted from the submit
        f.store.repair(f.batch(id), Set.of("a", "b"), f.clock.instant());
        f.stepper.step(id);

        assertThat(f.batch(id).state()).isEqualTo(BatchState.RUNNING);
        assertThat(f.job(id, "a").state()).isEqualTo(JobState.QUEUED);
        f.clock.advance(Duration.ofSeconds(59));
        f.succeed(id, "a");
        f.stepper.step(id);
        assertThat(f.job(id, "b").state()).isEqualTo(JobState.QUEUED);

        f.clock.advance(Duration.ofSeconds(2)); // now past a minute from the repair
        f.stepper.step(id);
        f.stepper.step(id);
        assertThat(f.batch(id).state()).isEqualTo(BatchState.TIMED_OUT);
        assertThat(f.job(id, "b").state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void aCancelAcceptedWhileAStepEndsTheBatchMakesItCancelled() {
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, node("a"));
        f.stepper.step(id);
        f.succeed(id, "a");
        f.store.beforeFinish = b -> {
            f.store.beforeFinish = x -> {};
            f.store.requestCancel(b, f.clock.instant()); // a caller's cancel, between the step's read and its end
        };

        f.stepper.step(id);
        assertThat(f.batch(id).state()).isEqualTo(BatchState.RUNNING);
        f.stepper.step(id);

        assertThat(f.batch(id).state()).isEqualTo(BatchState.CANCELLED);
        assertThat(f.batch(id).cancelReason()).isEqualTo(CancelReason.REQUESTED);
    }
}
