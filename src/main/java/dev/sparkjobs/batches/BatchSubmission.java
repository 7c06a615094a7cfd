package dev.sparkjobs.batches;

import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.NodeRequest;
import dev.sparkjobs.batch.RunIf;
import java.util.List;

/**
 * A request to run a batch, before defaults are applied. Null means "not given".
 *
 * @param cancelIfUnpolledSeconds cancel the batch when nobody reads it for this long; 0: never
 * @param idempotencyKey the caller's key for this submission, or null
 */
public record BatchSubmission(
        String name,
        Integer concurrency,
        FailurePolicy failurePolicy,
        Long timeoutSeconds,
        Long cancelIfUnpolledSeconds,
        List<Node> jobs,
        String idempotencyKey) {

    public static final int DEFAULT_CONCURRENCY = 8;

    public BatchSubmission {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    /** One job of the batch: its key, what it waits for, when it runs, and the job itself. */
    public record Node(String key, List<String> dependsOn, RunIf runIf, NodeRequest job) {}
}
