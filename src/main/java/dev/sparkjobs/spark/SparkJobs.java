package dev.sparkjobs.spark;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import org.apache.spark.JobExecutionStatus;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@link JobSpark} on the shared session: a job's Spark job group is its id, with {@code /<attempt>}
 * from its second attempt on (Spark remembers a cancelled group and would refuse a retry's work under
 * it); its tag is {@code jobservice-<id>}; its SQL session is borrowed from {@link JobSessions}.
 */
public final class SparkJobs implements JobSpark {

    private final SparkSession root;
    private final SparkJobTracker tracker;
    private final JobSessions sessions;

    public SparkJobs(SparkSession root, SparkJobTracker tracker, JobSessions sessions) {
        this.root = root;
        this.tracker = tracker;
        this.sessions = sessions;
    }

    public static String tagOf(JobId id) {
        return "jobservice-" + id;
    }

    public static String groupOf(JobId id, int attempt) {
        return attempt == 1 ? id.toString() : id + "/" + attempt;
    }

    @Override
    public Scope open(JobId id, int attempt, String pool, String description) {
        SparkSession session = sessions.borrow();
        try {
            SparkJobScope properties =
                    SparkJobScope.open(sparkContext(), groupOf(id, attempt), tagOf(id), pool, description);
            return new AttemptScope(id, attempt, session, properties);
        } catch (RuntimeException e) {
            sessions.discard(session);
            throw e;
        }
    }

    /**
     * Cancels the job's running Spark jobs, and any it starts from now on (the group's future jobs
     * and, through the tracker, jobs adaptive execution submits later). Only through the scheduler:
     * the group's cancel fails its stages and interrupts their tasks (the group is set with
     * interrupt-on-cancel), whereas a task killed on its own while its stage is live is launched again.
     */
    @Override
    public void stop(JobId id, int attempt, String reason) {
        String group = groupOf(id, attempt);
        tracker.stop(group);
        SparkContext sc = sparkContext();
        sc.cancelJobGroupAndFutureJobs(group, reason);
        sc.cancelJobsWithTag(tagOf(id), reason);
    }

    /** Whether Spark reports a running Spark job in the attempt's group. */
    public boolean hasActiveJobs(JobId id, int attempt) {
        String group = groupOf(id, attempt);
        if (!tracker.activeJobs(group).isEmpty() || !tracker.runningTasks(group).isEmpty()) {
            return true;
        }
        var status = sparkContext().statusTracker();
        for (int sparkJob : status.getJobIdsForGroup(group)) {
            var info = status.getJobInfo(sparkJob);
            if (info.isDefined() && info.get().status() == JobExecutionStatus.RUNNING) {
                return true;
            }
        }
        return false;
    }

    private boolean awaitNoActiveJobs(JobId id, int attempt, Duration limit) {
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

    private SparkContext sparkContext() {
        return root.sparkContext();
    }

    private final class AttemptScope implements Scope {

        private final JobId id;
        private final int attempt;
        private final SparkSession session;
        private final SparkJobScope properties;
        private boolean quiet; // on the attempt's thread only: settled, and none of its work active

        AttemptScope(JobId id, int attempt, SparkSession session, SparkJobScope properties) {
            this.id = id;
            this.attempt = attempt;
            this.session = session;
            this.properties = properties;
        }

        @Override
        public SparkSession session() {
            return session;
        }

        @Override
        public void close() {
            properties.close();
        }

        @Override
        public boolean settle(Ending ending, Duration grace) {
            try {
                quiet = switch (ending) {
                    case RETURNED -> true;
                    case STOPPED -> awaitNoActiveJobs(id, attempt, grace);
                    case FAILED -> {
                        // the group is never used again (a retry has a group of its own), so stopping it
                        // costs nothing when it is idle and also refuses a job a leftover thread submits next
                        stop(id, attempt, "job " + id + " failed; stopping Spark work it left running");
                        yield awaitNoActiveJobs(id, attempt, grace);
                    }
                };
                return quiet;
            } finally {
                tracker.forget(groupOf(id, attempt));
            }
        }

        @Override
        public void release() {
            if (quiet) {
                sessions.giveBack(session);
            } else {
                sessions.discard(session); // still in use by work that could not be stopped, or never settled
            }
        }
    }
}
