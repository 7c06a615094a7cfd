package dev.sparkjobs.job;

/** A move that {@link JobState#canMoveTo} forbids, e.g. cancelling a job that already finished. */
public class IllegalJobTransitionException extends RuntimeException {

    private final JobId jobId;
    private final JobState from;
    private final JobState to;

    public IllegalJobTransitionException(JobId jobId, JobState from, JobState to) {
        super("job " + jobId + " is " + from + " and cannot become " + to);
        this.jobId = jobId;
        this.from = from;
        this.to = to;
    }

    public JobId jobId() {
        return jobId;
    }

    public JobState from() {
        return from;
    }

    public JobState to() {
        return to;
    }
}
