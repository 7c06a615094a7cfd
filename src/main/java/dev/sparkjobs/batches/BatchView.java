package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.Edge;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStatus;
import java.util.List;
import java.util.Map;

/**
 * A batch as a caller sees it: the stored batch, the current job of each node that has one (read
 * now, so that a node's state is its job's, not the coordinator's last look), and the DAG's edges.
 *
 * @param jobs the state of each node's job by key; absent for a PENDING node
 * @param created false when an Idempotency-Key matched an earlier batch
 */
public record BatchView(Batch batch, Map<String, JobStatus> jobs, List<Edge> edges, boolean created) {

    /** The error type of a node whose job no longer exists: the node counts as FAILED. */
    public static final String JOB_NOT_FOUND = "JOB_NOT_FOUND";

    /**
     * Why the node's job did not succeed: its job's error, or, for a FAILED node whose job no longer
     * exists, that; null otherwise.
     */
    public JobError error(BatchNode node) {
        JobStatus job = jobs.get(node.key());
        if (job != null) {
            return job.error();
        }
        if (node.jobId() != null && node.state() == JobState.FAILED) {
            return new JobError(JOB_NOT_FOUND, "its job " + node.jobId() + " no longer exists");
        }
        return null;
    }

    /** The node's state: its job's, or null while PENDING. */
    public JobState state(BatchNode node) {
        JobStatus job = jobs.get(node.key());
        return job != null ? job.state() : node.state();
    }
}
