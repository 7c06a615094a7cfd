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

    /** One attempt's hold on Spark; {@link #close} on the attempt's thread, then {@link #release}. */
    interface Scope extends AutoCloseable {

        SparkSession session();

        /** Clears this thread's Spark properties (group, tag, pool). */
        @Override
        void close();

        /**
         * Gives the session back for the next job, once none of the attempt's Spark work is active
         * (waiting up to {@code grace} when it was stopped); a session whose work could not be seen to
         * stop is dropped instead. Forgets what is kept about the attempt's group; a stopped group
         * stays stopped, so Spark work of the attempt that Spark's own threads submit later still dies.
         *
         * @return false when Spark work of the attempt was still active after {@code grace}
         */
        boolean release(boolean stopped, Duration grace);
    }
}
