package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.TableWrite;
import java.util.List;

/**
 * A waiting job as the queue sees it: higher priority first, then submission order.
 *
 * @param units its weight in thousandths, so that sums of weights are exact
 */
public record QueuedJob(
        JobId id, String tenant, String pool, int priority, int units, List<TableWrite> writes, long sequence)
        implements Comparable<QueuedJob> {

    /** Thousandths of a running slot in one slot. */
    static final int UNITS = 1000;

    public QueuedJob {
        writes = writes == null ? List.of() : List.copyOf(writes);
    }

    /** A job of weight 1 that writes no table. */
    public QueuedJob(JobId id, String tenant, String pool, int priority, long sequence) {
        this(id, tenant, pool, priority, UNITS, List.of(), sequence);
    }

    /** The demand queued under the given tenant and pool names (equal to its own, perhaps shared copies). */
    static QueuedJob of(Demand demand, String tenant, String pool, long sequence) {
        return new QueuedJob(
                demand.id(), tenant, pool, demand.priority(), units(demand.weight()), demand.writes(), sequence);
    }

    static int units(double weight) {
        return (int) Math.max(1, Math.round(weight * UNITS));
    }

    static double weight(long units) {
        return units / (double) UNITS;
    }

    @Override
    public int compareTo(QueuedJob other) {
        int byPriority = Integer.compare(other.priority, priority);
        return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
    }
}
