package dev.sparkjobs.spark;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;

/**
 * What one attempt of a job needs of Spark: a SQL session and thread properties of its own while it
 * runs, and a way to stop its Spark work from another thread.
 */
public interface JobSpark {

    /**
     * On the attempt's thread: borrows a clean session and sets the job group, tag and FAIR pool.
     *
     * @throws RuntimeException when Spark cannot give one (e.g. its SparkContext has stopped)
     */
    Scope open(JobId id, int attempt, String pool, String description);

    /** From any thread: cancels the attempt's running Spark jobs and any it starts from now on. */
    void stop(JobId id, int attempt, String reason);

    /**
     * One attempt's hold on Spark; on the attempt's thread {@link #close}, then {@link #settle}, then
     * {@link #release}.
     */
    interface Scope extends AutoCloseable {

        SparkSession session();

        /** Clears this thread's Spark properties (group, tag, pool). */
        @Override
        void close();

        /**
         * Waits, when the attempt was stopped, until none of its Spark work is active (at most {@code
         * grace}); then forgets what is kept about the attempt's group. A stopped group stays stopped,
         * so Spark work of the attempt that Spark's own threads submit later still dies.
         *
         * @return false when Spark work of the attempt was still active after {@code grace}
         */
        boolean settle(boolean stopped, Duration grace);

        /**
         * After {@link #settle}: gives the session back for the next job, reset; drops it instead when
         * the attempt's Spark work could not be seen to stop, or was never settled.
         */
        void release();
    }
}
