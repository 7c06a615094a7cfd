package dev.sparkjobs.abandon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which watched jobs are abandoned now. A job's last read is the latest of its submission, the read
 * stored, the read kept here, and this instance's start: after a start (or a failover) the clock of
 * every job starts again, so that reads that never reached the store cannot cancel everything at once.
 */
public final class AbandonSweep {

    private final JobReads reads;
    private final Clock clock;
    private volatile long cursor;

    public AbandonSweep(JobReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    /** The jobs of {@code watched} nobody read for longer than their {@code cancelIfUnpolled}. */
    public List<ReadTimes.Watched> due(List<ReadTimes.Watched> watched) {
        Instant now = clock.instant();
        return watched.stream()
                .filter(w -> w.cancelIfUnpolled() != null)
                .filter(w -> Duration.between(lastRead(w), now).compareTo(w.cancelIfUnpolled()) > 0)
                .toList();
    }

    /**
     * The due jobs of the next page of {@code store}'s watched jobs: each call reads the page after the
     * last one, and after the last page starts again, so every watched job is looked at every few runs
     * however many there are.
     */
    public List<ReadTimes.Watched> dueNext(ReadTimes store, int page) {
        List<ReadTimes.Watched> watched = store.watched(cursor, page);
        cursor = watched.size() < page ? 0 : watched.get(watched.size() - 1).seq();
        return due(watched);
    }

    Instant lastRead(ReadTimes.Watched w) {
        return lastRead(reads, w.id(), w.submittedAt(), w.lastReadAt());
    }

    /**
     * Whether {@code id} (a job, a batch) went unread for longer than {@code limit}, by the same rule as
     * jobs: its last read is the latest of {@code submittedAt}, the read stored, the read in {@code
     * reads} and the start of {@code reads}' clock.
     *
     * @param storedRead the last read written to the store; null when none was
     * @param limit null: never abandoned
     */
    public <I> boolean isUnread(Reads<I> reads, I id, Instant submittedAt, Instant storedRead, Duration limit) {
        return limit != null
                && Duration.between(lastRead(reads, id, submittedAt, storedRead), clock.instant())
                                .compareTo(limit)
                        > 0;
    }

    private <I> Instant lastRead(Reads<I> reads, I id, Instant submittedAt, Instant storedRead) {
        if (reads.isWaitedFor(id)) {
            return clock.instant(); // a caller blocked in a long poll is reading it now
        }
        Instant last = later(submittedAt, reads.since());
        last = later(last, storedRead);
        return later(last, reads.lastRead(id));
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
