package dev.sparkjobs.progress;

/**
 * How far one attempt of a job has got: what Spark's listener bus reported of the Spark work it
 * started, and the last step the job reported itself.
 *
 * @param attempt the attempt these counts belong to
 * @param sparkJobs Spark jobs that ended successfully, of those started
 * @param stages stages that completed, of those Spark submitted (skipped stages are not counted)
 * @param tasks tasks that succeeded, of the tasks of every submitted stage; failed: ended without success
 * @param step the job's own last report, or null when it made none
 * @param sparkUi the Spark UI page of the attempt's latest Spark job while it runs, or null (no UI)
 */
public record JobProgress(
        int attempt,
        Count sparkJobs,
        Count stages,
        TaskCount tasks,
        long inputRows,
        long inputBytes,
        long outputRows,
        long outputBytes,
        Step step,
        String sparkUi) {

    /** How many of how many. */
    public record Count(long completed, long total) {}

    /** Tasks: how many of how many, and how many ended without success. */
    public record TaskCount(long completed, long total, long failed) {}

    /** The job's own account of where it is: a step's name and its own counts, as it reported them. */
    public record Step(String name, long done, long total) {}

    /** The same counts without the UI link, which means nothing once the attempt is over. */
    public JobProgress withoutSparkUi() {
        return new JobProgress(
                attempt, sparkJobs, stages, tasks, inputRows, inputBytes, outputRows, outputBytes, step, null);
    }
}
