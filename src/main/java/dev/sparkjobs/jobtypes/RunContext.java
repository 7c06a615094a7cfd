package dev.sparkjobs.jobtypes;

import dev.sparkjobs.plugin.api.JobContext;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link JobContext} of one attempt, as the engine builds it. */
public record RunContext(
        String jobId, int attempt, SparkSession spark, BooleanSupplier stopRequested, ProgressSink sink, Logger log)
        implements JobContext {

    /** A context whose log lines go to a logger named after the job's type ({@code job.<type>}). */
    public RunContext(
            String jobId,
            int attempt,
            String type,
            SparkSession spark,
            BooleanSupplier stopRequested,
            ProgressSink sink) {
        this(jobId, attempt, spark, stopRequested, sink, LoggerFactory.getLogger("job." + type));
    }

    @Override
    public boolean isStopRequested() {
        return stopRequested.getAsBoolean();
    }

    @Override
    public void progress(String step, long done, long total) {
        sink.report(step, done, total);
    }
}
