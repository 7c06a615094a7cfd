package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.support.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@link NodeJobs} over an {@link InMemoryJobStore}: starts QUEUED jobs, and can be told to misbehave. */
final class FakeNodeJobs implements NodeJobs {

    private final InMemoryJobStore jobs;
    private final Clock clock;

    /** Keys whose start makes a job born FAILED (an unresolved reference, invalid params). */
    final Set<String> bornFailed = new HashSet<>();
    /** Keys whose job is made but never stored (found by nobody later: deleted, or never found). */
    final Set<String> lost = new HashSet<>();
    /** What a start throws instead of starting, by key. */
    final Map<String, Function<BatchNode, RuntimeException>> throwing = new HashMap<>();
    /** The upstream each start was given, by key. */
    final Map<String, Map<String, NodeStatus>> upstreams = new HashMap<>();

    final List<JobId> cancelled = new ArrayList<>();
    /** A cancel is asked for but the job keeps RUNNING (its Spark work still stopping), as the engine's may. */
    boolean cancelsSlowly;

    int starts;
    /** Runs with each job started, before the start returns. */
    java.util.function.Consumer<Job> afterStart = job -> {};

    FakeNodeJobs(InMemoryJobStore jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public Optional<Job> start(Batch batch, BatchNode node, Map<String, NodeStatus> upstream) {
        if (throwing.containsKey(node.key())) {
            throw throwing.get(node.key()).apply(node);
        }
        starts++;
        upstreams.put(node.key(), upstream);
        if (bornFailed.contains(node.key())) {
            return Optional.of(unrun(
                    batch, node, JobState.FAILED, new JobError(JobError.UNRESOLVED_REFERENCE, "cannot be resolved")));
        }
        Job job = Job.submitted(JobId.random(), spec(node), batch.owner(), clock.instant());
        if (!lost.contains(node.key())) {
            jobs.insert(job, null);
        }
        afterStart.accept(job);
        return Optional.of(job);
    }

    @Override
    public Job unrun(Batch batch, BatchNode node, JobState state, JobError error) {
        Job job = Job.unrun(JobId.random(), spec(node), batch.owner(), clock.instant(), state, error);
        jobs.insert(job, null);
        return job;
    }

    @Override
    public void cancel(JobId id) {
        if (id == null) {
            throw new NullPointerException("no job to cancel");
        }
        cancelled.add(id);
        if (cancelsSlowly) {
            return;
        }
        jobs.find(id).filter(j -> !j.isTerminal()).ifPresent(j -> jobs.transition(j, j.stopByBatch(clock.instant())));
    }

    private static JobSpec spec(BatchNode node) {
        return new JobSpec(
                "sql", node.key(), Map.of(), "default", 0, Duration.ofMinutes(5), Map.of(), RetryPolicy.NONE);
    }
}
