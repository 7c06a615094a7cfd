package dev.sparkjobs.batch;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A batch's id: a random UUID, like a job's. */
public record BatchId(UUID value) {

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

    @Override
    public String toString() {
        return value.toString();
    }
}
