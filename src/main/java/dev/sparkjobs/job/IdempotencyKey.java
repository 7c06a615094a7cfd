package dev.sparkjobs.job;

/**
 * A caller's key for one submission and a fingerprint of the request that first used it, so that a
 * retry returns the original job and a different request under the same key is refused.
 */
public record IdempotencyKey(String key, String requestHash) {

    /** The job that holds a key, and the fingerprint it was submitted with. */
    public record Claim(JobId jobId, String requestHash) {}
}
