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

    Instant lastRead(ReadTimes.Watched w) {
        Instant last = later(w.submittedAt(), reads.since());
        last = later(last, w.lastReadAt());
        return later(last, reads.lastRead(w.id()));
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
