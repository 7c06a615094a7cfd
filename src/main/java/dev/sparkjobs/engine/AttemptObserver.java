package dev.sparkjobs.engine;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.jobtypes.ProgressSink;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows an attempt besides its state: its progress and its log. {@link JobRunner} calls it
 * on the attempt's thread in this order: {@link #started} once the attempt is RUNNING; the work,
 * reporting to {@link #progress} and logging to {@link #logger}; {@link #ending} when the work is
 * over and before its end is recorded; {@link #ended} after that (also when recording failed).
 */
public interface AttemptObserver {

    /** Follows nothing; the job's logger is {@code job.<type>}. */
    AttemptObserver NONE = new AttemptObserver() {
        @Override
        public void started(JobId id, int attempt) {}

        @Override
        public ProgressSink progress(JobId id, int attempt) {
            return ProgressSink.NONE;
        }

        @Override
        public Logger logger(JobId id, String type) {
            return LoggerFactory.getLogger("job." + type);
        }

        @Override
        public List<SideWrite> ending(JobId id, int attempt) {
            return List.of();
        }

        @Override
        public void ended(JobId id, int attempt) {}
    };

    /** The attempt is RUNNING: from now on its progress and its lines are kept. */
    void started(JobId id, int attempt);

    /** Where the attempt's own progress reports go. */
    ProgressSink progress(JobId id, int attempt);

    /** The logger the job is given ({@code JobContext.log()}). */
    Logger logger(JobId id, String type);

    /**
     * The work is over and its end about to be recorded: whatever must be read with that end is
     * settled now, and its writes are given to be made in the end's transaction.
     */
    List<SideWrite> ending(JobId id, int attempt);

    /** The end is recorded, or could not be: the attempt is forgotten here. */
    void ended(JobId id, int attempt);
}
