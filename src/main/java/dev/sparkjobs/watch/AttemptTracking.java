package dev.sparkjobs.watch;

import dev.sparkjobs.engine.AttemptObserver;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.joblogs.JobLogger;
import dev.sparkjobs.joblogs.JobLogs;
import dev.sparkjobs.jobtypes.ProgressSink;
import dev.sparkjobs.progress.JobProgressService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each attempt's progress and log: the final progress is stored with the end (so a
 * reader woken by the end finds it), the log lines after (so the recorder's own lines
 * about the end are among them).
 */
final class AttemptTracking implements AttemptObserver {

    private final JobProgressService progress;
    private final JobLogs logs;

    AttemptTracking(JobProgressService progress, JobLogs logs) {
        this.progress = progress;
        this.logs = logs;
    }

    @Override
    public void started(JobId id, int attempt) {
        logs.open(id, attempt);
        progress.start(id, attempt);
    }

    @Override
    public ProgressSink progress(JobId id, int attempt) {
        return (step, done, total) -> progress.step(id, attempt, step, done, total);
    }

    @Override
    public Logger logger(JobId id, String type) {
        return JobLogger.of(id.toString(), LoggerFactory.getLogger("job." + type));
    }

    @Override
    public List<SideWrite> ending(JobId id, int attempt) {
        return progress.ending(id, attempt);
    }

    @Override
    public void ended(JobId id, int attempt) {
        progress.close(id, attempt);
        logs.close(id, attempt);
    }
}
