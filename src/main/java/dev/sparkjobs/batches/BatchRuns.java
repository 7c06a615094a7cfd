package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchGraph;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.job.JobState;
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
     * Each node's status as stored, with the result of those whose job SUCCEEDED and is in {@code
     * results} (only what references need).
     */
    static Map<String, NodeStatus> statuses(Batch batch, Map<String, Map<String, Object>> results) {
        Map<String, NodeStatus> status = new LinkedHashMap<>();
        for (BatchNode n : batch.nodes()) {
            status.put(
                    n.key(),
                    new NodeStatus(n.key(), n.state(), n.state() == JobState.SUCCEEDED ? results.get(n.key()) : null));
        }
        return status;
    }
}
