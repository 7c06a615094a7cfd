package dev.sparkjobs.batches;

import dev.sparkjobs.abandon.Reads;
import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchId;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * When each batch was last read here (GET /batches/{id}, its status monitor): what keeps a batch with
 * a {@code cancelIfUnpolled} from being cancelled as ABANDONED. Written to the store by the {@link
 * BatchCoordinator} in batches, as job reads are.
 */
@Component
class BatchReads extends Reads<BatchId> {

    BatchReads(Clock clock) {
        super(clock);
    }

    /** Someone read the batch now; kept only for a RUNNING batch that may be abandoned. */
    void touch(Batch batch) {
        if (!batch.isTerminal() && batch.cancelIfUnpolled() != null) {
            touch(batch.id());
        }
    }
}
