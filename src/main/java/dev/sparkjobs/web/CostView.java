package dev.sparkjobs.web;

import dev.sparkjobs.progress.JobCost;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a job's Spark work cost, as the API shows it. */
@Schema(
        name = "JobCost",
        description = "What the job's Spark work cost, summed over its tasks and over every attempt (a retry's work"
                + " counts too, and so does a cancelled or failed attempt's work until it stopped): Spark's task"
                + " metrics as its listener bus reported each task's end. Live while it runs, final once it ended."
                + " See docs/cost.md.")
public record CostView(
        @Schema(description = "Tasks that ended, of every outcome") long tasks,
        @Schema(description = "CPU time the tasks used (executorCpuTime)") double taskCpuSeconds,
        @Schema(description = "Wall time the tasks ran on executors (executorRunTime)") double executorRunSeconds,
        @Schema(description = "Time the executors' JVMs spent in GC while the tasks ran (jvmGCTime)") double gcSeconds,
        @Schema(description = "Bytes read from sources (files, tables)") long inputBytes,
        @Schema(description = "Records read from sources") long inputRows,
        @Schema(description = "Bytes written out (files, tables)") long outputBytes,
        @Schema(description = "Records written out") long outputRows,
        @Schema(description = "Shuffle bytes fetched, remote and local") long shuffleReadBytes,
        @Schema(description = "Shuffle bytes written") long shuffleWriteBytes,
        @Schema(description = "The largest peak execution memory of one task (a maximum, not a sum)")
                long peakExecutionMemoryBytes) {

    static CostView of(JobCost c) {
        if (c == null) {
            return null;
        }
        return new CostView(
                c.tasks(),
                c.taskCpuSeconds(),
                c.executorRunSeconds(),
                c.gcSeconds(),
                c.inputBytes(),
                c.inputRows(),
                c.outputBytes(),
                c.outputRows(),
                c.shuffleReadBytes(),
                c.shuffleWriteBytes(),
                c.peakExecutionMemoryBytes());
    }
}
