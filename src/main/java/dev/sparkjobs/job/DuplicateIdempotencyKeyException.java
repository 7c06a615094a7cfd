package dev.sparkjobs.job;

/** The store already holds a job under this idempotency key. */
public class DuplicateIdempotencyKeyException extends RuntimeException {

    public DuplicateIdempotencyKeyException(String key) {
        super("idempotency key already used: " + key);
    }
}
