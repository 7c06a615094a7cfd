package dev.sparkjobs.web;

import dev.sparkjobs.progress.JobProgress;
import io.swagger.v3.oas.annotations.media.Schema;

/** A job's progress as the API shows it. */
@Schema(
        name = "JobProgress",
        description = "How far the job's running attempt has got, or its last attempt got once it ended. Spark's"
                + " counts are the Spark work the attempt started, as Spark's listener bus reported it (a moment"
                + " late while it runs); step is what the job reported itself.")
public record ProgressView(
        @Schema(description = "The attempt these counts belong to") int attempt,
        @Schema(description = "Spark jobs the attempt started (total), and of those the ones that succeeded")
                ProgressCount sparkJobs,
        @Schema(
                        description =
                                "Stages Spark submitted (total; skipped stages are not counted), and of those the ones"
                                        + " that completed")
                ProgressCount stages,
        @Schema(
                        description =
                                "Tasks of the submitted stages (total, growing as stages are submitted), those that"
                                        + " succeeded (completed) and those that ended without success (failed)")
                TaskProgress tasks,
        @Schema(description = "Records read by the attempt's tasks from their sources (files, tables)") long inputRows,
        @Schema(description = "Bytes read by the attempt's tasks from their sources") long inputBytes,
        @Schema(description = "Records its tasks wrote out (files, tables)") long outputRows,
        @Schema(description = "Bytes its tasks wrote out") long outputBytes,
        @Schema(description = "The job's own last report of where it is; null when it made none") ProgressStep step,
        @Schema(
                        description =
                                "While it runs and Spark's UI is on: the UI page of the attempt's latest Spark job"
                                        + " (the UI answers loopback clients only); null otherwise",
                        example = "http://127.0.0.1:4040/jobs/job/?id=42")
                String sparkUi) {

    /** How many of how many. */
    @Schema(name = "ProgressCount")
    public record ProgressCount(long completed, long total) {}

    /** Tasks: how many of how many, and how many failed. */
    @Schema(name = "TaskProgress")
    public record TaskProgress(long completed, long total, long failed) {}

    /** A step the job reported: its name and its own counts. */
    @Schema(name = "ProgressStep")
    public record ProgressStep(
            @Schema(example = "copy files") String name,
            @Schema(description = "Units done, in the job's own terms") long done,
            @Schema(description = "Units in all, in the job's own terms; 0 when unknown") long total) {}

    static ProgressView of(JobProgress p) {
        if (p == null) {
            return null;
        }
        JobProgress.Step s = p.step();
        return new ProgressView(
                p.attempt(),
                new ProgressCount(p.sparkJobs().completed(), p.sparkJobs().total()),
                new ProgressCount(p.stages().completed(), p.stages().total()),
                new TaskProgress(
                        p.tasks().completed(), p.tasks().total(), p.tasks().failed()),
                p.inputRows(),
                p.inputBytes(),
                p.outputRows(),
                p.outputBytes(),
                s == null ? null : new ProgressStep(s.name(), s.done(), s.total()),
                p.sparkUi());
    }
}
