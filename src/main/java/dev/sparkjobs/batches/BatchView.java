package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.Edge;
import dev.sparkjobs.job.Job;
import java.util.List;
import java.util.Map;

/**
 * A batch as a caller sees it: the stored batch, the current job of each node that has one (read
 * now, so that a node's state is its job's, not the coordinator's last look), and the DAG's edges.
 *
 * @param jobs the job of each node by key; absent for a PENDING node
 * @param created false when an Idempotency-Key matched an earlier batch
 */
public record BatchView(Batch batch, Map<String, Job> jobs, List<Edge> edges, boolean created) {

    /** The node's state: its job's, or null while PENDING. */
    public dev.sparkjobs.job.JobState state(BatchNode node) {
        Job job = jobs.get(node.key());
        return job != null ? job.state() : node.state();
    }
}
