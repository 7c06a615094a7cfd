package dev.sparkjobs.plugin.api;

/** Thrown by {@link JobContext#checkNotStopped()} once the job was cancelled or timed out. */
public class JobStoppedException extends RuntimeException {

    public JobStoppedException(String jobId) {
        super("job " + jobId + " was stopped");
    }
}
