package dev.sparkjobs.progress;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's progress wherever it is: on the board while an attempt runs here, in the store once it
 * ended. The engine brackets each attempt: {@link #start}, the work, {@link #finish} (the final
 * counts stored before the end is recorded, so a reader never finds neither), {@link #close}.
 */
public final class JobProgressService {

    private static final Logger log = LoggerFactory.getLogger(JobProgressService.class);

    /** How long an attempt's end waits for the listener bus to report its last Spark events. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final ProgressBoard board;
    private final ProgressStore store;

    public JobProgressService(ProgressBoard board, ProgressStore store) {
        this.board = board;
        this.store = store;
    }

    public void start(JobId id, int attempt) {
        board.open(id, attempt);
    }

    /** The job's own report of where it is. */
    public void step(JobId id, int attempt, String name, long done, long total) {
        board.step(id, attempt, name, done, total);
    }

    /** Stores the attempt's final counts; a store that fails loses them, never the job's end. */
    public void finish(JobId id, int attempt) {
        board.settle(id, attempt, SETTLE).ifPresent(p -> {
            try {
                store.save(id, p);
            } catch (RuntimeException e) {
                log.warn("the progress of job {} attempt {} could not be stored: {}", id, attempt, e.toString());
            }
        });
    }

    public void close(JobId id, int attempt) {
        board.close(id, attempt);
    }

    /** The running attempt's progress, else the last ended attempt's; empty for a job that never ran. */
    public Optional<JobProgress> of(JobId id) {
        Optional<JobProgress> live = board.live(id);
        return live.isPresent() ? live : store.find(id);
    }

    /** Moves on whenever the running attempt's progress does. */
    public long version(JobId id) {
        return board.version(id);
    }

    /** The attempt of the job running here, or 0 when none is. */
    public int liveAttempt(JobId id) {
        return board.liveAttempt(id);
    }
}
