package dev.sparkjobs.spark;

import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import scala.Option;

/**
 * How busy the driver's scheduler is, every service's work included, as Spark's own status store
 * tells it: what the Spark UI shows, without a listener of ours that could drift when the bus drops
 * events. A read looks at the active jobs and at each active stage: a handful of in-memory lookups.
 */
public final class SparkActivity {

    /**
     * @param pendingTasks tasks of active stages that have not started
     * @param runningTasks tasks of active stages running now
     */
    public record Reading(int activeJobs, int activeStages, long pendingTasks, long runningTasks) {}

    private final SparkStatusTracker status;

    public SparkActivity(SparkStatusTracker status) {
        this.status = status;
    }

    public Reading read() {
        int jobs = status.getActiveJobIds().length;
        int[] stages = status.getActiveStageIds();
        long pending = 0;
        long running = 0;
        for (int stage : stages) {
            Option<SparkStageInfo> info = status.getStageInfo(stage);
            if (info.isDefined()) {
                SparkStageInfo s = info.get();
                pending += pending(s.numTasks(), s.numActiveTasks(), s.numCompletedTasks());
                running += s.numActiveTasks();
            }
        }
        return new Reading(jobs, stages.length, pending, running);
    }

    /**
     * A stage's tasks not started: neither running nor done. A failed task's partition runs again, so
     * failures are not subtracted; speculative copies can make running and done exceed the total.
     */
    static long pending(int tasks, int running, int completed) {
        return Math.max(0, tasks - running - completed);
    }
}
