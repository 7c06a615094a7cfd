package dev.sparkjobs.admission;

import dev.sparkjobs.job.TableWrite;
import java.util.ArrayList;
import java.util.List;

/**
 * The table writes of the jobs launched and not yet finished: a job whose writes conflict with one of
 * them waits. Not thread-safe: {@link AdmissionController}'s lock guards it.
 */
final class TableHolds {

    private final List<QueuedJob> holders = new ArrayList<>();

    void hold(QueuedJob job) {
        if (!job.writes().isEmpty()) {
            holders.add(job);
        }
    }

    void release(QueuedJob job) {
        holders.remove(job);
    }

    /** Why {@code job} may not start beside the running jobs, or null when it may. */
    String conflict(QueuedJob job) {
        return conflict(job, holders, "held by", "job");
    }

    /**
     * Why {@code job} may not start beside {@code others} (jobs that hold or wait for tables), or null.
     *
     * @param how how the other job stands to the table, as the reason says it ("held by")
     * @param what what the other job is ("job", "waiting job"); its id is named only to its own tenant
     */
    static String conflict(QueuedJob job, List<QueuedJob> others, String how, String what) {
        for (TableWrite mine : job.writes()) {
            for (QueuedJob other : others) {
                for (TableWrite theirs : other.writes()) {
                    if (mine.conflictsWith(theirs)) {
                        String whose = other.tenant().equals(job.tenant())
                                ? what + " " + other.id()
                                : "a " + what + " of another tenant";
                        return "table " + theirs.table() + " " + how + " " + whose + " (" + theirs.kind() + ")";
                    }
                }
            }
        }
        return null;
    }
}
