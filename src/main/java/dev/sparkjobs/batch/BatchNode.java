package dev.sparkjobs.batch;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import java.util.List;
import java.util.Objects;

/**
 * One job of a batch and where its current run is.
 *
 * @param run counts from 1; a repair starts the next
 * @param jobId the job of the current run; null while PENDING
 * @param state the state of that job as last mirrored; null while PENDING
 * @param earlierJobIds the jobs of the runs before the current one, oldest first
 */
public record BatchNode(
        String key,
        List<String> dependsOn,
        RunIf runIf,
        NodeRequest request,
        int run,
        JobId jobId,
        JobState state,
        List<JobId> earlierJobIds) {

    public BatchNode {
        Objects.requireNonNull(key, "key");
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        runIf = runIf == null ? RunIf.ALL_SUCCESS : runIf;
        earlierJobIds = earlierJobIds == null ? List.of() : List.copyOf(earlierJobIds);
        if (run < 1) {
            throw new IllegalArgumentException("runs count from 1");
        }
    }

    /** A node of a new batch: first run, no job yet. */
    public static BatchNode pending(String key, List<String> dependsOn, RunIf runIf, NodeRequest request) {
        return new BatchNode(key, dependsOn, runIf, request, 1, null, null, List.of());
    }

    public boolean isPending() {
        return state == null;
    }

    public NodeSpec spec() {
        return new NodeSpec(key, dependsOn, runIf, request.params());
    }
}
