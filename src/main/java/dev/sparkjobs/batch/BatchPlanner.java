package dev.sparkjobs.batch;

import java.util.Map;
import java.util.Set;

/** Decides what a batch does next from what its nodes are now. Pure and deterministic. */
public final class BatchPlanner {

    private BatchPlanner() {}

    /**
     * What to do next. Call again after applying a plan until it is {@link Plan#isIdle() idle}.
     *
     * @param status every node's status by key (a missing key counts as PENDING)
     * @param stopReason null while the batch runs normally; else CANCELLED or TIMED_OUT (batch-level stop)
     */
    public static Plan plan(
            BatchGraph g,
            int concurrency,
            FailurePolicy policy,
            Map<String, NodeStatus> status,
            BatchState stopReason) {
        throw new UnsupportedOperationException();
    }

    /**
     * Keys a repair reruns: FAILED, CANCELLED, TIMED_OUT and SKIPPED nodes and all their downstream.
     * Empty: nothing to repair.
     */
    public static Set<String> toRepair(BatchGraph g, Map<String, NodeStatus> status) {
        throw new UnsupportedOperationException();
    }
}
