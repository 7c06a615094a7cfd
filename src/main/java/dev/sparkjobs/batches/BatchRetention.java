package dev.sparkjobs.batches;

import dev.sparkjobs.batch.BatchStore;
import dev.sparkjobs.lifecycle.Periodic;
import dev.sparkjobs.retention.RetentionProperties;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Deletes batches that finished longer than {@code jobservice.retention.finished} ago, as the job
 * sweep deletes jobs. Their jobs, kept while their batch lives, are unlinked and go with the job
 * sweep's next run when their own finish time is as old.
 */
@Component
class BatchRetention extends Periodic {

    static final int PAGE = 500;
    static final int MAX_PAGES = 20;

    private static final Logger log = LoggerFactory.getLogger(BatchRetention.class);

    private final BatchStore store;
    private final RetentionProperties retention;
    private final Clock clock;

    BatchRetention(
            BatchStore store,
            RetentionProperties retention,
            @Qualifier("housekeeping") TaskScheduler scheduler,
            Clock clock) {
        super(scheduler, clock);
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        int total = 0;
        int deleted;
        int pages = 0;
        do {
            deleted = store.deleteFinishedBefore(clock.instant().minus(retention.finished()), PAGE);
            total += deleted;
        } while (deleted == PAGE && ++pages < MAX_PAGES);
        if (total > 0) {
            log.info("retention: deleted {} batches", total);
        }
    }

    @Override
    protected Duration interval() {
        return retention.sweepInterval();
    }
}
