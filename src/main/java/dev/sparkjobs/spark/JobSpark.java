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

    /** How an attempt's work ended, as its own thread saw it. */
    enum Ending {
        /** The work returned: nothing of it is left to look for. */
        RETURNED,
        /** The work threw without being stopped: Spark jobs it started on other threads may still run. */
        FAILED,
        /** The attempt was stopped: its Spark work was cancelled and may still be winding down. */
        STOPPED
    }

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
         * Makes sure, unless the attempt returned normally, that none of its Spark work is active any
         * more (waiting at most {@code grace}); then forgets what is kept about the attempt's group. A
         * failed attempt may have left Spark jobs running on threads it started (they inherit its
         * group): its group is stopped first. A stopped group stays stopped, so Spark work of the
         * attempt that Spark's own threads submit later still dies.
         *
         * @return false when Spark work of the attempt was still active after {@code grace}
         */
        boolean settle(Ending ending, Duration grace);

        /**
         * After {@link #settle}: gives the session back for the next job, reset; drops it instead when
         * the attempt's Spark work could not be seen to stop, or was never settled.
         */
        void release();
    }
}
