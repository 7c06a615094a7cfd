package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import java.util.Map;
import java.util.Optional;

/**
 * What a step does to the jobs of a batch's nodes: start one, record one that never runs, cancel one.
 * A port of its own so that the stepper's rules can be checked without the job engine.
 */
interface NodeJobs {

    /**
     * Starts the node's job with its references resolved against {@code upstream} (the upstream nodes its
     * references name, with the results of those that succeeded).
     *
     * @return the job (QUEUED, or born FAILED when it cannot start), or empty when admission said "not now"
     */
    Optional<Job> start(Batch batch, BatchNode node, Map<String, NodeStatus> upstream);

    /** Records the job of a node that never runs: SKIPPED, or FAILED before it could start. */
    Job unrun(Batch batch, BatchNode node, JobState state, JobError error);

    /** Cancels a QUEUED or RUNNING job because its batch stopped it; nothing for one that ended. */
    void cancel(JobId job);
}
