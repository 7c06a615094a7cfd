package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchState;
import java.util.Optional;

/** Renders a batch the way GET /api/v1/batches/{id} shows it, for a callback's body. */
public interface BatchViews {

    /**
     * The batch, if it has ended: empty while it runs (again, after a repair) and once it is gone.
     */
    Optional<Ended> ended(BatchId batch);

    /**
     * An ended batch.
     *
     * @param state its end
     * @param message why it did not succeed, for a Data Factory {@code Error.Message}; null when it did
     * @param view its API representation, a tree the JSON writer can serialize
     */
    record Ended(BatchState state, String message, Object view) {}
}
