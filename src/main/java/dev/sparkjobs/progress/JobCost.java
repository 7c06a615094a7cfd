package dev.sparkjobs.progress;

/**
 * What a job's Spark work cost, summed over the tasks of one attempt or of every attempt so far: a
 * retry's work is work done too. Task figures are Spark's task metrics as the listener bus reported
 * each task's end, successful or not (a failed or killed task's metrics are what it did before it
 * stopped; Spark sends none for some failures).
 *
 * @param tasks task ends counted, of every outcome
 * @param taskCpuNanos CPU time the tasks' threads used running them ({@code executorCpuTime})
 * @param executorRunMillis wall time the tasks ran on executors ({@code executorRunTime})
 * @param gcMillis time the executors' JVMs spent in GC while the tasks ran ({@code jvmGCTime})
 * @param inputBytes bytes read from sources (files, tables)
 * @param inputRows records read from sources
 * @param outputBytes bytes written out (files, tables)
 * @param outputRows records written out
 * @param shuffleReadBytes shuffle bytes fetched, from other executors and from the task's own
 * @param shuffleWriteBytes shuffle bytes written
 * @param peakExecutionMemoryBytes the largest execution memory one task held at its peak (a maximum,
 *     not a sum: the tasks did not all hold it at once)
 */
public record JobCost(
        long tasks,
        long taskCpuNanos,
        long executorRunMillis,
        long gcMillis,
        long inputBytes,
        long inputRows,
        long outputBytes,
        long outputRows,
        long shuffleReadBytes,
        long shuffleWriteBytes,
        long peakExecutionMemoryBytes) {

    public static final JobCost ZERO = new JobCost(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Both together: sums, and the larger peak. */
    public JobCost plus(JobCost other) {
        return new JobCost(
                tasks + other.tasks,
                taskCpuNanos + other.taskCpuNanos,
                executorRunMillis + other.executorRunMillis,
                gcMillis + other.gcMillis,
                inputBytes + other.inputBytes,
                inputRows + other.inputRows,
                outputBytes + other.outputBytes,
                outputRows + other.outputRows,
                shuffleReadBytes + other.shuffleReadBytes,
                shuffleWriteBytes + other.shuffleWriteBytes,
                Math.max(peakExecutionMemoryBytes, other.peakExecutionMemoryBytes));
    }

    public double taskCpuSeconds() {
        return taskCpuNanos / 1e9;
    }

    public double executorRunSeconds() {
        return executorRunMillis / 1e3;
    }

    public double gcSeconds() {
        return gcMillis / 1e3;
    }

    /** Whom a job's cost is charged to: its type, pool and tenant. */
    public record Owner(String type, String pool, String tenant) {}
}
