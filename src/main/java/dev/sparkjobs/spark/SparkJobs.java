package dev.sparkjobs.spark;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The service's handle on the shared session: opens a job's Spark scope, stops a job's Spark work,
 * and tells whether any of it is still running. A job's Spark job group is its id, with {@code
 * /<attempt>} from its second attempt on (Spark remembers a cancelled group and would refuse a
 * retry's work under it); its tag is {@code jobservice-<id>}.
 */
public final class SparkJobs {

    private final SparkSession session;
    private final SparkJobTracker tracker;

    public SparkJobs(SparkSession session, SparkJobTracker tracker) {
        this.session = session;
        this.tracker = tracker;
    }

    public SparkSession session() {
        return session;
    }

    public static String tagOf(JobId id) {
        return "jobservice-" + id;
    }

    public static String groupOf(JobId id, int attempt) {
        return attempt == 1 ? id.toString() : id + "/" + attempt;
    }

    public SparkJobScope open(JobId id, int attempt, String pool, String description) {
        return SparkJobScope.open(sparkContext(), groupOf(id, attempt), tagOf(id), pool, description);
    }

    /**
     * Cancels the job's running Spark jobs, and any it starts from now on (the group's future jobs
     * and, through the tracker, jobs adaptive execution submits later).
     */
    public void stop(JobId id, int attempt, String reason) {
        String group = groupOf(id, attempt);
        tracker.stop(group);
        SparkContext sc = sparkContext();
        sc.cancelJobGroupAndFutureJobs(group, reason);
        sc.cancelJobsWithTag(tagOf(id), reason);
    }

    /**
     * Waits, at most {@code limit}, until the listener bus reports no running Spark job of this job's
     * group. Called after the job's thread has returned from a stop.
     *
     * @return true when none is left
     */
    public boolean awaitNoActiveJobs(JobId id, int attempt, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (hasActiveJobs(id, attempt)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !hasActiveJobs(id, attempt);
            }
        }
        return true;
    }

    public boolean hasActiveJobs(JobId id, int attempt) {
        String group = groupOf(id, attempt);
        if (!tracker.activeJobs(group).isEmpty()) {
            return true;
        }
        for (int sparkJob : sparkContext().statusTracker().getJobIdsForGroup(group)) {
            var info = sparkContext().statusTracker().getJobInfo(sparkJob);
            if (info.isDefined() && info.get().status() == org.apache.spark.JobExecutionStatus.RUNNING) {
                return true;
            }
        }
        return false;
    }

    /** Drops what was remembered about a finished job. */
    public void forget(JobId id, int attempt) {
        tracker.forget(groupOf(id, attempt));
    }

    private SparkContext sparkContext() {
        return session.sparkContext();
    }
}
