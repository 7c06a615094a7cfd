package dev.sparkjobs.batch;

import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.TableWrite;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job a node asks for, as the caller gave it (null: not given): what is submitted, with its
 * references resolved, each time the node runs.
 */
public record NodeRequest(
        String type,
        String name,
        Map<String, Object> params,
        String pool,
        Integer priority,
        Long timeoutSeconds,
        Map<String, String> tags,
        Integer maxRetries,
        Long retryBackoffSeconds,
        Set<RetryPolicy.RetryOn> retryOn,
        Double weight,
        List<TableWrite> writes) {

    /** The same request with other params (its references resolved). */
    public NodeRequest withParams(Map<String, Object> resolved) {
        return new NodeRequest(
                type,
                name,
                resolved,
                pool,
                priority,
                timeoutSeconds,
                tags,
                maxRetries,
                retryBackoffSeconds,
                retryOn,
                weight,
                writes);
    }
}
