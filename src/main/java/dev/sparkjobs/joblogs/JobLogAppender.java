package dev.sparkjobs.joblogs;

import java.time.Instant;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Hands every log event that carries a job's id in its MDC to {@link JobLogs}. Only the thread an
 * attempt runs on carries that id, so lines of other threads (other jobs, requests, Spark's own) are
 * never kept as a job's.
 */
final class JobLogAppender extends AbstractAppender {

    static final String NAME = "JobLogs";

    private final JobLogs logs;

    JobLogAppender(JobLogs logs) {
        super(NAME, null, null, true, Property.EMPTY_ARRAY);
        this.logs = logs;
    }

    @Override
    public void append(LogEvent event) {
        Object jobId = event.getContextData().getValue(JobLogs.MDC_JOB_ID);
        if (jobId == null) {
            return;
        }
        String message = event.getMessage().getFormattedMessage();
        Throwable thrown = event.getThrown();
        if (thrown != null) {
            message = message + " " + thrown;
        }
        logs.append(
                jobId.toString(),
                Instant.ofEpochMilli(event.getTimeMillis()),
                event.getLevel().name(),
                event.getLoggerName(),
                message);
    }
}
