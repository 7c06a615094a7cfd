package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchGraph;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a stored batch looks to the planner. */
final class BatchRuns {

    private BatchRuns() {}

    /** The batch's DAG; it was valid when the batch was accepted. */
    static BatchGraph graph(Batch batch) {
        return BatchGraph.of(batch.nodes().stream().map(BatchNode::spec).toList());
    }

    /**
     * Each node's status as its job is now, as a caller sees it: what a repair decides from. The stored
     * state is the coordinator's last look and lags behind in an ended batch (a batch given up on is not
     * stepped again after its jobs were cancelled). A PENDING node stays so; a node whose job no longer
     * exists counts as FAILED, as a step would mirror it.
     */
    static Map<String, NodeStatus> current(BatchView view) {
        Map<String, NodeStatus> status = new LinkedHashMap<>();
        for (BatchNode n : view.batch().nodes()) {
            JobStatus job = view.jobs().get(n.key());
            JobState state = job != null
                    ? job.state()
                    : n.jobId() != null && (n.state() == null || !n.state().isTerminal()) ? JobState.FAILED : n.state();
            status.put(n.key(), new NodeStatus(n.key(), state, null));
        }
        return status;
    }
}
