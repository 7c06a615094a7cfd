package dev.sparkjobs.jobtypes;

import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;

/** What a running job may use: the shared session and a way to notice it was stopped. */
public record JobContext(String jobId, SparkSession spark, BooleanSupplier stopRequested) {

    /** Throws when the job was cancelled or timed out; call between steps of long work. */
    public void checkNotStopped() {
        if (stopRequested.getAsBoolean()) {
            throw new JobStoppedException(jobId);
        }
    }
}
