package dev.sparkjobs.progress;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.spark.SparkJobs;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live progress of every attempt running here, fed by {@link SparkProgressListener} and by the
 * jobs' own reports. An attempt is on the board from {@link #open} to {@link #close}; Spark work
 * that is not on it (another service's, an attempt already over) is ignored, so what the board
 * keeps is bounded by the attempts running. Every call the listener makes is a few map operations.
 */
public final class ProgressBoard {

    private final Map<JobId, LiveProgress> byJob = new ConcurrentHashMap<>();
    private final Map<Integer, LiveProgress> bySparkJob = new ConcurrentHashMap<>();
    private final Map<Integer, LiveProgress> byStage = new ConcurrentHashMap<>();
    private final String sparkUi;

    /** @param sparkUi the Spark UI's base address, or null when the UI is off */
    public ProgressBoard(String sparkUi) {
        this.sparkUi = sparkUi;
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

    /**
     * The attempt's final counts, once the listener bus has caught up with its Spark jobs (at most
     * {@code quiet}), without the UI link. The attempt stays on the board until {@link #close}.
     */
    public Optional<JobProgress> settle(JobId id, int attempt, Duration quiet) {
        LiveProgress live = byJob.get(id);
        if (live == null || live.attempt != attempt) {
            return Optional.empty();
        }
        live.awaitSparkJobsEnded(quiet);
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
        live.sparkJobIds.forEach(bySparkJob::remove);
        live.stageIds.forEach(byStage::remove);
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
