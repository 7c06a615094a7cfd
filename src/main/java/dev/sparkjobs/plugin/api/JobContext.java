package dev.sparkjobs.plugin.api;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;

/**
 * What a running job may use. One context per attempt, used on the attempt's thread; {@link
 * #isStopRequested()} and {@link #progress} may also be called from threads the job starts.
 */
public interface JobContext {

    /** The job's id, as the API shows it. */
    String jobId();

    /** Which attempt this is: 1 for the first run, 2 for the first retry, and so on. */
    int attempt();

    /**
     * The job's own SQL session on the shared SparkContext: its {@code SET}s, {@code USE} and temporary
     * views reach no other job. Spark work started from this thread belongs to the job (cancel stops it).
     */
    SparkSession spark();

    /** True once the job was cancelled, timed out or the service is shutting down. */
    boolean isStopRequested();

    /**
     * Throws when the job was stopped; call between steps of long work so that a stop ends it soon.
     *
     * @throws JobStoppedException when {@link #isStopRequested()}
     */
    default void checkNotStopped() {
        if (isStopRequested()) {
            throw new JobStoppedException(jobId());
        }
    }

    /**
     * Reports how far the job is, shown on the job while it runs: {@code done} of {@code total} units of
     * the named step ({@code total} 0 when unknown).
     */
    void progress(String step, long done, long total);

    /** A logger whose lines are kept with the job and served by {@code GET /jobs/{id}/logs}. */
    Logger log();
}
