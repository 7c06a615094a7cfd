package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;

/** What was asked cannot be done to the batch as it is: cancel an ended batch, repair a running one. */
public class BatchConflictException extends RuntimeException {

    private final transient Batch batch;

    BatchConflictException(Batch batch, String message) {
        super(message);
        this.batch = batch;
    }

    public Batch batch() {
        return batch;
    }
}
