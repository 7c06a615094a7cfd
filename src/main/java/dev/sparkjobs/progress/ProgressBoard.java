package dev.sparkjobs.progress;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.spark.SparkJobs;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live progress of every attempt running here, fed by {@link SparkProgressListener} and by the
 * jobs' own reports. An attempt is on the board from {@link #open} to {@link #close}; Spark work
 * that is not on it (another service's, an attempt already over) is ignored, so what the board
 * keeps is bounded by the attempts running. Every call the listener makes is a few map operations.
 */
public class ProgressBoard {

    private static final Logger log = LoggerFactory.getLogger(ProgressBoard.class);

    private final Map<JobId, LiveProgress> byJob = new ConcurrentHashMap<>();
    private final Map<Integer, LiveProgress> bySparkJob = new ConcurrentHashMap<>();
    private final Map<Integer, LiveProgress> byStage = new ConcurrentHashMap<>();
    private final String sparkUi;
    private final Consumer<BusMarker> bus;

    /** A board whose events come straight from the caller: nothing is ever behind. */
    public ProgressBoard(String sparkUi) {
        this(sparkUi, BusMarker::delivered);
    }

    /**
     * @param sparkUi the Spark UI's base address, or null when the UI is off
     * @param bus posts a marker on the listener bus the board's listener is on
     */
    public ProgressBoard(String sparkUi, Consumer<BusMarker> bus) {
        this.sparkUi = sparkUi;
        this.bus = bus;
    }

    /** Puts the attempt on the board, replacing an earlier attempt of the job still finishing. */
    public void open(JobId id, int attempt) {
        LiveProgress earlier = byJob.put(id, new LiveProgress(id, attempt, SparkJobs.groupOf(id, attempt)));
        if (earlier != null) {
            forget(earlier);
        }
    }

    /** The job's own report of its step, for the attempt on the board; ignored for any other. */
    public void step(JobId id, int attempt, String name, long done, long total) {
        LiveProgress live = byJob.get(id);
        if (live != null && live.attempt == attempt) {
            live.step(new JobProgress.Step(name, done, total));
        }
    }

    /** The progress of the job's attempt running here, if one is. */
    public Optional<JobProgress> live(JobId id) {
        LiveProgress live = byJob.get(id);
        return live == null ? Optional.empty() : Optional.of(live.snapshot(sparkUi));
    }

    /** The cost so far of the job's attempt running here, if one is. */
    public Optional<JobCost> liveCost(JobId id) {
        LiveProgress live = byJob.get(id);
        return live == null ? Optional.empty() : Optional.of(live.cost.snapshot());
    }

    /** The cost of the attempt, if it is the one on the board; read after {@link #settle}. */
    public Optional<JobCost> cost(JobId id, int attempt) {
        LiveProgress live = byJob.get(id);
        return live == null || live.attempt != attempt ? Optional.empty() : Optional.of(live.cost.snapshot());
    }

    /** A number that moves on whenever the live progress of the job does; 0 while none is on the board. */
    public long version(JobId id) {
        LiveProgress live = byJob.get(id);
        return live == null ? 0 : live.version();
    }

    /** The job's attempt on the board, or 0 when none is. */
    public int liveAttempt(JobId id) {
        LiveProgress live = byJob.get(id);
        return live == null ? 0 : live.attempt;
    }

    /** The attempt's final counts, waiting at most {@code quiet} for the bus and again for its work. */
    public Optional<JobProgress> settle(JobId id, int attempt, Duration quiet) {
        return settle(id, attempt, quiet, quiet);
    }

    /**
     * The attempt's final counts, without the UI link, once the listener has had everything Spark
     * posted before now (at most {@code catchUp}) and the attempt's Spark jobs and tasks still running
     * have ended (at most {@code windDown}). Spark posts to the bus and the listener reads it later,
     * so when the attempt's work returns its Spark jobs' events may not even have been delivered yet.
     * The attempt stays on the board until {@link #close}.
     */
    public Optional<JobProgress> settle(JobId id, int attempt, Duration catchUp, Duration windDown) {
        LiveProgress live = byJob.get(id);
        if (live == null || live.attempt != attempt) {
            return Optional.empty();
        }
        BusMarker marker = new BusMarker(this);
        bus.accept(marker);
        if (!marker.await(catchUp)) {
            log.warn(
                    "the Spark listener bus did not catch up within {}; job {} attempt {} is counted as far as it got",
                    catchUp,
                    id,
                    attempt);
        }
        if (!live.awaitQuiet(windDown)) {
            log.warn(
                    "job {} attempt {} still had {} running after {}; counted without what they do next",
                    id,
                    attempt,
                    live.running(),
                    windDown);
        }
        return Optional.of(live.snapshot(null));
    }

    /** Takes the attempt off the board and forgets its Spark jobs and stages. */
    public void close(JobId id, int attempt) {
        LiveProgress live = byJob.get(id);
        if (live != null && live.attempt == attempt && byJob.remove(id, live)) {
            forget(live);
        }
    }

    /** Attempts on the board. */
    public int size() {
        return byJob.size();
    }

    /** Spark jobs and stages the board still maps to an attempt; for tests that memory stays bounded. */
    int tracked() {
        return bySparkJob.size() + byStage.size();
    }

    private void forget(LiveProgress live) {
        live.close();
        // only what still points at this attempt: a stage may have been listed by another since
        live.sparkJobIds.forEach(sparkJob -> bySparkJob.remove(sparkJob, live));
        live.stageIds.forEach(stage -> byStage.remove(stage, live));
    }

    // --- what the listener reports, on the listener bus's thread ---

    /**
     * A Spark job started with the given tags and group; counted for the job whose tag it carries,
     * if that job's attempt on the board has this group.
     */
    void sparkJobStarted(int sparkJob, String tags, String group, int[] stageIds) {
        JobId id = jobOfTags(tags);
        LiveProgress live = id == null ? null : byJob.get(id);
        if (live == null || !live.group.equals(group)) {
            return;
        }
        live.sparkJobIds.add(sparkJob);
        bySparkJob.put(sparkJob, live);
        for (int stage : stageIds) {
            live.stageIds.add(stage);
            byStage.put(stage, live);
        }
        if (live.isClosed()) { // closed while we added: forget what it may have missed
            forget(live);
            return;
        }
        live.sparkJobStarted(sparkJob);
    }

    void sparkJobEnded(int sparkJob, boolean succeeded) {
        LiveProgress live = bySparkJob.remove(sparkJob);
        if (live != null) {
            live.sparkJobIds.remove(sparkJob);
            live.sparkJobEnded(succeeded);
        }
    }

    void taskStarted(int stage) {
        LiveProgress live = byStage.get(stage);
        if (live != null) {
            live.taskStarted();
        }
    }

    /** The listener has had the marker, and so every event posted before it. */
    void reached(BusMarker marker) {
        if (marker.isFor(this)) {
            marker.delivered();
        }
    }

    void stageSubmitted(int stage, int numTasks) {
        LiveProgress live = byStage.get(stage);
        if (live != null) {
            live.stagesSubmitted.incrementAndGet();
            live.tasksTotal.addAndGet(numTasks);
            live.changed();
        }
    }

    void stageCompleted(int stage, boolean succeeded) {
        // kept until the attempt ends: a retried stage is submitted again under the same id
        LiveProgress live = byStage.get(stage);
        if (live != null) {
            if (succeeded) {
                live.stagesCompleted.incrementAndGet();
            }
            live.changed();
        }
    }

    /** A task ended: counted for progress and cost; {@code r} is read now and not kept. */
    void taskEnded(int stage, boolean succeeded, TaskReading r) {
        LiveProgress live = byStage.get(stage);
        if (live == null) {
            return;
        }
        (succeeded ? live.tasksSucceeded : live.tasksFailed).incrementAndGet();
        live.inputRows.addAndGet(r.inputRows);
        live.inputBytes.addAndGet(r.inputBytes);
        live.outputRows.addAndGet(r.outputRows);
        live.outputBytes.addAndGet(r.outputBytes);
        live.cost.add(r);
        live.taskEnded();
        live.changed();
    }

    /** Our job's id out of Spark's comma-separated job tags ({@link SparkJobs#tagOf}), or null. */
    static JobId jobOfTags(String tags) {
        if (tags == null) {
            return null;
        }
        for (String tag : tags.split(",")) {
            if (tag.length() > 36) {
                JobId id = JobId.parse(tag.substring(tag.length() - 36)).orElse(null);
                if (id != null && SparkJobs.tagOf(id).equals(tag)) {
                    return id;
                }
            }
        }
        return null;
    }
}
