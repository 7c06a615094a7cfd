package dev.sparkjobs.execution;

import dev.sparkjobs.job.RetryPolicy;
import java.util.Map;
import java.util.Set;

/**
 * A request to run a job, before defaults are applied. Null means "not given".
 *
 * @param idempotencyKey the caller's key for this submission, or null
 */
public record Submission(
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
        String idempotencyKey) {}
