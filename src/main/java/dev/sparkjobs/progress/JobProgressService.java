package dev.sparkjobs.progress;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's progress wherever it is: on the board while an attempt runs here, in the store once it
 * ended. The engine brackets each attempt: {@link #start}, the work, {@link #finish} (the final
 * counts stored before the end is recorded, so a reader never finds neither), {@link #close}.
 *
 * <p>The attempt's cost is kept the same way and counted on its owner's meters when it ends, whatever
 * the end: a failed or cancelled attempt did its work too. A job's cost is the sum of its attempts'.
 */
public final class JobProgressService {

    private static final Logger log = LoggerFactory.getLogger(JobProgressService.class);

    /** How long an attempt's end waits for the listener bus to report its last Spark events. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final ProgressBoard board;
    private final ProgressStore store;
    private final CostStore costs;
    private final CostMeter meter;

    /** Whom each running attempt's cost is charged to, read once as it starts. */
    private final Map<JobId, JobCost.Owner> owners = new ConcurrentHashMap<>();

    /** Progress only: no cost is kept or counted. */
    public JobProgressService(ProgressBoard board, ProgressStore store) {
        this(board, store, CostStore.NONE, CostMeter.NONE);
    }

    public JobProgressService(ProgressBoard board, ProgressStore store, CostStore costs, CostMeter meter) {
        this.board = board;
        this.store = store;
        this.costs = costs;
        this.meter = meter;
    }

    public void start(JobId id, int attempt) {
        board.open(id, attempt);
        try {
            // read now, while the store has just answered the start: the end may find it away
            costs.owner(id).ifPresent(owner -> owners.put(id, owner));
        } catch (RuntimeException e) {
            log.warn("the owner of job {} could not be read; its cost is not metered: {}", id, e.toString());
        }
    }

    /** The job's own report of where it is. */
    public void step(JobId id, int attempt, String name, long done, long total) {
        board.step(id, attempt, name, done, total);
    }

    /**
     * Stores the attempt's final counts and cost and meters the cost; a store that fails loses them,
     * never the job's end.
     */
    public void finish(JobId id, int attempt) {
        board.settle(id, attempt, SETTLE).ifPresent(p -> {
            try {
                store.save(id, p);
            } catch (RuntimeException e) {
                log.warn("the progress of job {} attempt {} could not be stored: {}", id, attempt, e.toString());
            }
        });
        board.cost(id, attempt).ifPresent(cost -> {
            JobCost.Owner owner = owners.get(id);
            if (owner != null) {
                meter.attemptEnded(owner, cost);
            }
            try {
                costs.save(id, attempt, cost);
            } catch (RuntimeException e) {
                log.warn("the cost of job {} attempt {} could not be stored: {}", id, attempt, e.toString());
            }
        });
    }

    public void close(JobId id, int attempt) {
        if (board.liveAttempt(id) == attempt) {
            owners.remove(id);
        }
        board.close(id, attempt);
    }

    /**
     * What the job's Spark work has cost: its ended attempts' cost, plus the running attempt's so far
     * when one runs here; empty for a job none of whose attempts ran.
     */
    public Optional<JobCost> cost(JobId id) {
        int live = board.liveAttempt(id);
        Optional<JobCost> running = live == 0 ? Optional.empty() : board.liveCost(id);
        Optional<JobCost> ended = costs.total(id, live);
        if (running.isEmpty()) {
            return ended;
        }
        return Optional.of(ended.map(running.get()::plus).orElse(running.get()));
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
