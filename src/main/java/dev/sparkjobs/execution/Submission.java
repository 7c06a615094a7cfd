package dev.sparkjobs.execution;

import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.TableWrite;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request to run a job, before defaults are applied. Null means "not given".
 *
 * @param weight the job's share of the running capacity, instead of its type's
 * @param writes tables the job writes that its type cannot tell, added to those it can
 * @param idempotencyKey the caller's key for this submission, or null
 * @param cancelIfUnpolledSeconds cancel the job when nobody reads its status for this long; 0: never
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
        Double weight,
        List<TableWrite> writes,
        String idempotencyKey,
        Long cancelIfUnpolledSeconds) {

    /** A submission that leaves abandoned-job cancel to the configured default. */
    public Submission(
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
            List<TableWrite> writes,
            String idempotencyKey) {
        this(
                type,
                name,
                params,
                pool,
                priority,
                timeoutSeconds,
                tags,
                maxRetries,
                retryBackoffSeconds,
                retryOn,
                weight,
                writes,
                idempotencyKey,
                null);
    }

    /** A submission that gives no weight and declares no writes. */
    public Submission(
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
            String idempotencyKey) {
        this(
                type,
                name,
                params,
                pool,
                priority,
                timeoutSeconds,
                tags,
                maxRetries,
                retryBackoffSeconds,
                retryOn,
                null,
                null,
                idempotencyKey);
    }

    /**
     * The same request from a caller that is called back when the job ends (a callback, Data Factory's
     * Webhook activity) and so never polls it: the deployment's default of abandoned-job cancel would
     * cancel every such job that runs longer, so it does not apply; a limit the caller gave does.
     */
    public Submission calledBack() {
        if (cancelIfUnpolledSeconds != null) {
            return this;
        }
        return new Submission(
                type,
                name,
                params,
                pool,
                priority,
                timeoutSeconds,
                tags,
                maxRetries,
                retryBackoffSeconds,
                retryOn,
                weight,
                writes,
                idempotencyKey,
                0L);
    }
}
