package dev.sparkjobs.execution;

import java.util.Map;

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
        String idempotencyKey) {}
