package dev.sparkjobs.batches;

import static dev.sparkjobs.batches.BatchFixture.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.RunIf;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What stepping costs in store reads, counted on fakes: it must grow with the work, not with its square. */
class BatchStepCostTest {

    private final BatchFixture f = new BatchFixture();

    @Test
    void aThousandNodeChainReadsEachJobAFewTimesNotEveryUpstreamJobPerStart() {
        List<BatchNode> chain = new ArrayList<>();
        chain.add(node("n0"));
        for (int i = 1; i < 1000; i++) {
            chain.add(node("n" + i, "n" + (i - 1)));
        }
        BatchId id = f.submit(FailurePolicy.CONTINUE, null, 1, chain);

        for (int i = 0; i < 1000; i++) {
            f.stepper.step(id);
            f.succeed(id, "n" + i);
        }
        f.stepper.step(id);

        System.out.printf("1,000-node chain: %d job reads, %d batch reads%n", f.jobReads, f.store.batchReads);
        assertThat(f.batch(id).state()).isEqualTo(BatchState.SUCCEEDED);
        assertThat(f.jobReads).isLessThanOrEqualTo(2 * 1000);
    }

    @Test
    void aStartReadsOnlyTheUpstreamJobsItsReferencesName() {
        BatchId id = f.submit(
                FailurePolicy.CONTINUE,
                null,
                node("a"),
                node("b", "a"),
                node("c", RunIf.ALL_SUCCESS, Map.of("sql", "SELECT ${jobs.a.result.n}"), "b"));
        f.stepper.step(id);
        f.succeed(id, "a");
        f.stepper.step(id);
        f.succeed(id, "b");

        f.stepper.step(id);

        assertThat(f.nodeJobs.upstreams.get("b")).isEmpty();
        assertThat(f.nodeJobs.upstreams.get("c")).containsOnlyKeys("a");
        assertThat(f.nodeJobs.upstreams.get("c").get("a").result()).isEqualTo(Map.of("n", 1));
    }

    @Test
    void aJobEndStepsOnlyItsOwnBatchAndAJobOfNoBatchStepsNone() {
        BatchCoordinator coordinator = f.coordinator(() -> true);
        List<BatchId> batches = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batches.add(f.submit(FailurePolicy.CONTINUE, null, node("a"), node("b", "a")));
        }
        int reads = f.store.batchReads;
        coordinator.round(); // the tick's sweep: every RUNNING batch
        int sweep = f.store.batchReads - reads;

        BatchId one = batches.get(17);
        f.succeed(one, "a");
        reads = f.store.batchReads;
        coordinator.jobEnded(f.job(one, "a"));
        coordinator.woken();
        int batchJobEnd = f.store.batchReads - reads;

        Job stranger = Job.submitted(
                JobId.random(),
                new JobSpec("sql", "x", Map.of(), "default", 0, Duration.ofMinutes(1), Map.of(), RetryPolicy.NONE),
                new JobOwner("default", "bob"),
                f.clock.instant());
        reads = f.store.batchReads;
        coordinator.jobEnded(stranger.start(f.clock.instant(), "i").succeed(Map.of(), f.clock.instant()));
        coordinator.woken();
        int otherJobEnd = f.store.batchReads - reads;

        System.out.printf(
                "50 RUNNING batches: batch reads per sweep %d, per end of a batch's job %d, per end of another job %d%n",
                sweep, batchJobEnd, otherJobEnd);
        assertThat(sweep).isEqualTo(50);
        assertThat(batchJobEnd).isEqualTo(1);
        assertThat(otherJobEnd).isZero();
        assertThat(f.job(one, "b").state()).as("its next job started").isEqualTo(JobState.QUEUED);
    }
}
