package dev.sparkjobs.execution;

import dev.sparkjobs.job.JobId;

/** The idempotency key was first used for a different request. */
public class IdempotencyConflictException extends RuntimeException {

    private final JobId existing;

    public IdempotencyConflictException(String key, JobId existing) {
        super("Idempotency-Key '" + key + "' was already used for job " + existing + " with a different request");
        this.existing = existing;
    }

    public JobId existing() {
        return existing;
    }
}
