package dev.sparkjobs.progress;

import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts of one running attempt. Spark's listener bus writes them from its one thread, the job
 * reports its step from its own, anyone reads: every field stands alone, so a snapshot may be a
 * moment older in one count than in another, never torn within one.
 */
final class LiveProgress {

    final JobId id;
    final int attempt;
    final String group;

    /** Spark jobs and stages this attempt started, so that its end forgets them all. */
    final Set<Integer> sparkJobIds = ConcurrentHashMap.newKeySet();

    final Set<Integer> stageIds = ConcurrentHashMap.newKeySet();

    final AtomicLong jobsStarted = new AtomicLong();
    final AtomicLong jobsSucceeded = new AtomicLong();
    final AtomicLong stagesSubmitted = new AtomicLong();
    final AtomicLong stagesCompleted = new AtomicLong();
    final AtomicLong tasksTotal = new AtomicLong();
    final AtomicLong tasksSucceeded = new AtomicLong();
    final AtomicLong tasksFailed = new AtomicLong();
    final AtomicLong inputRows = new AtomicLong();
    final AtomicLong inputBytes = new AtomicLong();
    final AtomicLong outputRows = new AtomicLong();
    final AtomicLong outputBytes = new AtomicLong();

    /** What its tasks cost: summed for the job over its attempts when each ends. */
    final CostCounters cost = new CostCounters();

    /** Moves on with every change: a stream sends progress only when it has moved. */
    private final AtomicLong version = new AtomicLong();

    private volatile JobProgress.Step step;
    private volatile int latestSparkJob = -1;
    private volatile boolean closed;
    private int openSparkJobs; // guarded by this
    private int runningTasks; // guarded by this

    LiveProgress(JobId id, int attempt, String group) {
        this.id = id;
        this.attempt = attempt;
        this.group = group;
    }

    void changed() {
        version.incrementAndGet();
    }

    long version() {
        return version.get();
    }

    void step(JobProgress.Step step) {
        this.step = step;
        changed();
    }

    synchronized void sparkJobStarted(int sparkJob) {
        latestSparkJob = sparkJob;
        openSparkJobs++;
        jobsStarted.incrementAndGet();
        changed();
    }

    synchronized void sparkJobEnded(boolean succeeded) {
        if (succeeded) {
            jobsSucceeded.incrementAndGet();
        }
        openSparkJobs = Math.max(0, openSparkJobs - 1);
        changed();
        if (openSparkJobs == 0) {
            notifyAll();
        }
    }

    synchronized void taskStarted() {
        runningTasks++;
    }

    /** A task ended; it may have started before the board saw it (no start counted): never below 0. */
    synchronized void taskEnded() {
        runningTasks = Math.max(0, runningTasks - 1);
        if (runningTasks == 0) {
            notifyAll();
        }
    }

    /**
     * Waits until every Spark job the listener reported started has ended and every task it reported
     * started has ended, at most {@code limit}: a stopped attempt's tasks are killed after their Spark
     * job ended, and a speculative copy may end after the job it ran for.
     *
     * @return true when nothing of the attempt is left running
     */
    synchronized boolean awaitQuiet(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (openSparkJobs > 0 || runningTasks > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    synchronized String running() {
        return openSparkJobs + " Spark jobs and " + runningTasks + " tasks";
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    JobProgress snapshot(String sparkUi) {
        int latest = latestSparkJob;
        String ui = sparkUi == null ? null : sparkUi + (latest < 0 ? "/jobs/" : "/jobs/job/?id=" + latest);
        return new JobProgress(
                attempt,
                new JobProgress.Count(jobsSucceeded.get(), jobsStarted.get()),
                new JobProgress.Count(stagesCompleted.get(), stagesSubmitted.get()),
                new JobProgress.TaskCount(tasksSucceeded.get(), tasksTotal.get(), tasksFailed.get()),
                inputRows.get(),
                inputBytes.get(),
                outputRows.get(),
                outputBytes.get(),
                step,
                ui);
    }
}
