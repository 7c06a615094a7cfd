package dev.sparkjobs.progress;

import dev.sparkjobs.engine.StoreOutage;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.SideWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's progress wherever it is: on the board while an attempt runs here, in the store once it
 * ended. The engine brackets each attempt: {@link #start}, the work, {@link #ending} (the final
 * counts written in the end's own transaction, so a reader never finds neither), {@link #close}.
 *
 * <p>The attempt's cost is kept the same way and counted on its owner's meters when it ends, whatever
 * the end: a failed or cancelled attempt did its work too. A job's cost is the sum of its attempts'.
 */
public final class JobProgressService {

    private static final Logger log = LoggerFactory.getLogger(JobProgressService.class);

    private final ProgressBoard board;
    private final ProgressStore store;
    private final CostStore costs;
    private final CostMeter meter;

    /**
     * How long an attempt's end may wait, each wait bounded so that the end is never held long.
     *
     * @param busCatchUp for the listener bus to deliver what Spark posted before the attempt ended
     * @param windDown for the attempt's Spark jobs and tasks still running (killed, speculative) to end
     */
    public record Waits(Duration busCatchUp, Duration windDown) {
        public static final Waits DEFAULT = new Waits(Duration.ofSeconds(5), Duration.ofSeconds(3));
    }

    private final Waits waits;

    /** Whom each running attempt's cost is charged to, read once as it starts. */
    private final Map<Attempt, JobCost.Owner> owners = new ConcurrentHashMap<>();

    /**
     * Keyed by attempt: attempt N+1 may start on another thread while N closes, and N's close must not
     * take N+1's owner.
     */
    private record Attempt(JobId id, int number) {}

    /** Progress only: no cost is kept or counted. */
    public JobProgressService(ProgressBoard board, ProgressStore store) {
        this(board, store, CostStore.NONE, CostMeter.NONE);
    }

    public JobProgressService(ProgressBoard board, ProgressStore store, CostStore costs, CostMeter meter) {
        this(board, store, costs, meter, Waits.DEFAULT);
    }

    public JobProgressService(ProgressBoard board, ProgressStore store, CostStore costs, CostMeter meter, Waits waits) {
        this.board = board;
        this.store = store;
        this.costs = costs;
        this.meter = meter;
        this.waits = waits;
    }

    public void start(JobId id, int attempt) {
        board.open(id, attempt);
        try {
            // read now, while the store has just answered the start: the end may find it away
            costs.owner(id).ifPresent(owner -> owners.put(new Attempt(id, attempt), owner));
        } catch (RuntimeException e) {
            log.warn("the owner of job {} could not be read; its cost is not metered: {}", id, e.toString());
        }
    }

    /** The job's own report of where it is. */
    public void step(JobId id, int attempt, String name, long done, long total) {
        board.step(id, attempt, name, done, total);
    }

    /**
     * Meters the attempt's cost once the listener has caught up with its Spark work (each wait bounded
     * by {@link Waits}), and gives the writes of its final counts and cost for the transaction that
     * records its end: one the store refuses is lost alone, never the end; an outage fails the end's
     * write, which is tried again with them.
     */
    public List<SideWrite> ending(JobId id, int attempt) {
        Optional<JobProgress> progress = board.settle(id, attempt, waits.busCatchUp(), waits.windDown());
        Optional<JobCost> cost = board.cost(id, attempt);
        cost.ifPresent(c -> meter(id, attempt, c));
        List<SideWrite> writes = new ArrayList<>(2);
        progress.ifPresent(p -> writes.add(endWrite("progress", id, attempt, () -> store.save(id, p))));
        cost.ifPresent(c -> writes.add(endWrite("cost", id, attempt, () -> costs.save(id, attempt, c))));
        return writes;
    }

    /** Counts the attempt's cost on its owner's meters; a meter that fails loses the metering only. */
    private void meter(JobId id, int attempt, JobCost cost) {
        JobCost.Owner owner = owners.get(new Attempt(id, attempt));
        if (owner == null) {
            return;
        }
        try {
            meter.attemptEnded(owner, cost);
        } catch (RuntimeException e) {
            log.warn("the cost of job {} attempt {} could not be metered: {}", id, attempt, e.toString());
        }
    }

    /** A write of the attempt's end: an outage fails the end with it, anything else refused is lost alone. */
    private static SideWrite endWrite(String what, JobId id, int attempt, Runnable write) {
        return new SideWrite(write, e -> {
            if (StoreOutage.is(e)) {
                throw e;
            }
            log.warn("the {} of job {} attempt {} could not be stored: {}", what, id, attempt, e.toString());
        });
    }

    public void close(JobId id, int attempt) {
        owners.remove(new Attempt(id, attempt));
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
