package dev.sparkjobs.batches;

import dev.sparkjobs.abandon.AbandonSweep;
import dev.sparkjobs.abandon.JobReads;
import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.NodeRequest;
import dev.sparkjobs.batch.RunIf;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.metrics.BatchMetrics;
import dev.sparkjobs.support.InMemoryJobStore;
import dev.sparkjobs.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A stepper over in-memory stores and fake node jobs, and ways to build batches and end their jobs. */
final class BatchFixture {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    final InMemoryJobStore jobs = new InMemoryJobStore();
    final InMemoryBatchStore store = new InMemoryBatchStore();
    final FakeNodeJobs nodeJobs = new FakeNodeJobs(jobs, clock);
    final BatchReads reads = new BatchReads(clock);
    final BatchMetrics metrics = new BatchMetrics(new SimpleMeterRegistry());
    final BatchStepper stepper = new BatchStepper(
            store, jobs, nodeJobs, metrics, new AbandonSweep(new JobReads(clock), clock), reads, clock);
    int jobReads;

    /** A coordinator over this fixture, stepping every tick of one second, holding the lease while {@code leaseHeld}. */
    BatchCoordinator coordinator(java.util.function.BooleanSupplier leaseHeld) {
        return new BatchCoordinator(
                store,
                stepper,
                leaseHeld,
                metrics,
                new BatchProperties(java.time.Duration.ofSeconds(1), 5),
                reads,
                new dev.sparkjobs.abandon.AbandonProperties(
                        null,
                        java.time.Duration.ofDays(7),
                        java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofSeconds(30)),
                clock);
    }

    BatchFixture() {
        jobs.afterFind = job -> jobReads++;
    }

    static BatchNode node(String key, String... dependsOn) {
        return node(key, RunIf.ALL_SUCCESS, Map.of("sql", "SELECT 1"), dependsOn);
    }

    static BatchNode node(String key, RunIf runIf, Map<String, Object> params, String... dependsOn) {
        NodeRequest request = new NodeRequest("sql", key, params, null, null, null, null, null, null, null, null, null);
        return BatchNode.pending(key, Arrays.asList(dependsOn), runIf, request);
    }

    BatchId submit(FailurePolicy policy, Duration timeout, BatchNode... nodes) {
        return submit(policy, timeout, 8, List.of(nodes));
    }

    BatchId submit(FailurePolicy policy, Duration timeout, int concurrency, List<BatchNode> nodes) {
        Batch batch = Batch.submitted(
                BatchId.random(),
                "b",
                new JobOwner("default", "alice"),
                Set.of("SUBMITTER", "VIEWER"),
                concurrency,
                policy,
                timeout,
                clock.instant(),
                nodes);
        store.insert(batch, null);
        return batch.id();
    }

    Batch batch(BatchId id) {
        return store.get(id);
    }

    Job job(BatchId id, String key) {
        return jobs.get(batch(id).node(key).jobId());
    }

    /** Ends the node's current job as {@code end} (SUCCEEDED with {@code result}). */
    void end(BatchId id, String key, JobState end, Map<String, Object> result) {
        Job job = job(id, key);
        Job after =
                switch (end) {
                    case SUCCEEDED -> job.start(clock.instant(), "i").succeed(result, clock.instant());
                    case FAILED ->
                        job.start(clock.instant(), "i")
                                .fail(new dev.sparkjobs.job.JobError("BOOM", "it broke"), clock.instant());
                    default -> throw new IllegalArgumentException(end.name());
                };
        if (!jobs.transition(job, after)) {
            throw new IllegalStateException("could not end " + key);
        }
    }

    void succeed(BatchId id, String key) {
        end(id, key, JobState.SUCCEEDED, Map.of("n", 1));
    }
}
