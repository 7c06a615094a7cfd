package dev.sparkjobs.abandon;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each watched thing (a job, a batch) was last read on this instance. A read costs a map write:
 * the reads reach the store in batches ({@link #takeUnwritten}), so polling does not write a row each
 * time.
 *
 * @param <I> the id of what is read
 */
public class Reads<I> {

    private final Clock clock;
    private volatile Instant since;
    private final Map<I, Instant> last = new ConcurrentHashMap<>();
    private final Map<I, Instant> unwritten = new ConcurrentHashMap<>();
    private final Map<I, Integer> waiting = new ConcurrentHashMap<>();

    public Reads(Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
    }

    /** Someone read {@code id} now. */
    public void touch(I id) {
        Instant now = clock.instant();
        last.merge(id, now, Reads::later);
        unwritten.merge(id, now, Reads::later);
    }

    /** The last read here, or null when there was none since this instance started. */
    public Instant lastRead(I id) {
        return last.get(id);
    }

    /**
     * When this instance started keeping reads: nobody can be told something was unread for longer,
     * since reads before it (on another instance, or before a restart) may not have reached the store.
     */
    public Instant since() {
        return since;
    }

    /** The reads not yet written to the store, taken out: the caller writes them (or gives them back). */
    public Map<I, Instant> takeUnwritten() {
        Map<I, Instant> taken = new HashMap<>();
        for (I id : unwritten.keySet()) {
            Instant at = unwritten.remove(id);
            if (at != null) {
                taken.put(id, at);
            }
        }
        return taken;
    }

    /** Reads that could not be written, kept for the next batch. */
    public void giveBack(Map<I, Instant> reads) {
        reads.forEach((id, at) -> unwritten.merge(id, at, Reads::later));
    }

    /** It is over: its reads no longer matter. */
    public void forget(I id) {
        last.remove(id);
        unwritten.remove(id);
    }

    /**
     * Drops reads older than {@code cutoff} (once written): a read that old cannot save anything from the
     * sweep, since nothing may wait longer than the longest {@code cancelIfUnpolled} allowed.
     */
    public void forgetBefore(Instant cutoff) {
        last.entrySet().removeIf(e -> e.getValue().isBefore(cutoff) && !unwritten.containsKey(e.getKey()));
    }

    /**
     * Starts every clock again from now: called when the sweep starts, after the driver lease is held
     * and recovery ran, not when this object is built (the lease wait can take minutes).
     */
    public void start() {
        since = clock.instant();
    }

    /** A caller is waiting for it (a long poll): it is being read until {@link #endWait}. */
    public void beginWait(I id) {
        waiting.merge(id, 1, Integer::sum);
    }

    /** The wait that {@link #beginWait} announced is over (answered, timed out or dropped). */
    public void endWait(I id) {
        waiting.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** Whether a caller is waiting for it right now. */
    public boolean isWaitedFor(I id) {
        return waiting.containsKey(id);
    }

    /** The ids with a read kept here. */
    protected Set<I> trackedIds() {
        return last.keySet();
    }

    int tracked() {
        return last.size();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
