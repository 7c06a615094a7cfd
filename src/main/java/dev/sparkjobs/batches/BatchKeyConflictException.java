package dev.sparkjobs.batches;

import dev.sparkjobs.batch.BatchId;

/** An Idempotency-Key the tenant already used for a different batch request. */
public class BatchKeyConflictException extends RuntimeException {

    private final BatchId existing;

    BatchKeyConflictException(String key, BatchId existing) {
        super("Idempotency-Key '" + key + "' was used for a different batch request (batch " + existing + ")");
        this.existing = existing;
    }

    public BatchId existing() {
        return existing;
    }
}
