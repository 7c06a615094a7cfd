package dev.sparkjobs.batch;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A batch's id: a random UUID, like a job's. */
public record BatchId(UUID value) {

    /**
     * The start of the Idempotency-Key of every job a batch starts; no caller may submit a job with a
     * key starting so.
     */
    public static final String JOB_KEY_PREFIX = "batch:";

    public BatchId {
        Objects.requireNonNull(value, "value");
    }

    public static BatchId random() {
        return new BatchId(UUID.randomUUID());
    }

    /** The id a caller gave, or empty when it is not a UUID (such a batch cannot exist). */
    public static Optional<BatchId> parse(String text) {
        try {
            return Optional.of(new BatchId(UUID.fromString(text)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** The Idempotency-Key of the job of node {@code key}'s run {@code run}. */
    public String jobKey(String key, int run) {
        return JOB_KEY_PREFIX + value + ":" + key + ":" + run;
    }

    /** Whether {@code idempotencyKey} is in the key space of batches' jobs. */
    public static boolean isJobKey(String idempotencyKey) {
        return idempotencyKey.startsWith(JOB_KEY_PREFIX);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
