package dev.sparkjobs.batches;

import dev.sparkjobs.batch.BatchId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The batches whose latest steps failed, and when each may be tried again: one tick after the first
 * failure, then twice as long each time, at most {@link #MAX_WAIT}, so that a batch that keeps failing
 * costs little and is not logged on every tick. Used by the coordinator's one thread only.
 */
final class StepFailures {

    static final Duration MAX_WAIT = Duration.ofMinutes(1);

    private record Failing(int times, Instant retryAt) {}

    private final Duration first;
    private final Map<BatchId, Failing> failing = new HashMap<>();
    private final Set<BatchId> refused = new HashSet<>();

    StepFailures(Duration first) {
        this.first = first.isZero() || first.isNegative() ? Duration.ofMillis(1) : first;
    }

    /** Whether the batch may be stepped now: it is not waiting after a failure. */
    boolean due(BatchId id, Instant now) {
        Failing f = failing.get(id);
        return f == null || !now.isBefore(f.retryAt());
    }

    /** @return how many steps of the batch have failed in a row, this one included */
    int failed(BatchId id, Instant now) {
        Failing before = failing.get(id);
        int times = before == null ? 1 : before.times() + 1;
        Duration wait = first.multipliedBy(1L << Math.min(times - 1, 20));
        failing.put(id, new Failing(times, now.plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait)));
        return times;
    }

    void succeeded(BatchId id) {
        failing.remove(id);
        refused.remove(id);
    }

    /**
     * Notes that the store refused a statement of the batch's step, which counts against nothing.
     *
     * @return true the first time since its last step that went through: worth a log line
     */
    boolean storeRefused(BatchId id) {
        return refused.add(id);
    }

    /** Forgets the batches that are no longer running. */
    void retainOnly(Collection<BatchId> running) {
        failing.keySet().retainAll(running);
        refused.retainAll(running);
    }

    /** Forgets everything: another instance runs the batches now, and will again from scratch. */
    void clear() {
        failing.clear();
        refused.clear();
    }
}
