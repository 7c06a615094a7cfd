package dev.sparkjobs.watch;

import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.joblogs.JobLogPage;
import dev.sparkjobs.joblogs.JobLogs;
import dev.sparkjobs.progress.JobCost;
import dev.sparkjobs.progress.JobProgress;
import dev.sparkjobs.progress.JobProgressService;
import dev.sparkjobs.security.Caller;
import java.util.Optional;

/**
 * Watching a job: its progress, its log, its events. Who may see which job is {@link JobService}'s
 * to say: every call here asks it first.
 */
public final class JobWatch {

    private final JobService jobs;
    private final JobProgressService progress;
    private final JobLogs logs;
    private final JobEventStreams streams;

    public JobWatch(JobService jobs, JobProgressService progress, JobLogs logs, JobEventStreams streams) {
        this.jobs = jobs;
        this.progress = progress;
        this.logs = logs;
        this.streams = streams;
    }

    /** The progress of a job the caller was given: its running attempt's, else its last one's. */
    public Optional<JobProgress> progress(Job job) {
        return progress.of(job.id());
    }

    /** What the Spark work of a job the caller was given has cost, over every attempt; empty before one ran. */
    public Optional<JobCost> cost(Job job) {
        return progress.cost(job.id());
    }

    /**
     * Up to {@code limit} lines the job logged, from line {@code offset} on.
     *
     * @throws dev.sparkjobs.execution.JobNotFoundException also for a job of another tenant
     * @throws dev.sparkjobs.execution.NotPermittedException without the viewer role
     */
    public JobLogPage logs(String id, long offset, int limit, Caller caller) {
        Job job = jobs.get(id, caller);
        return logs.read(job.id(), offset, limit);
    }

    /**
     * Opens a stream of the job's events; see {@link JobEventStreams#open}.
     *
     * @throws dev.sparkjobs.execution.JobNotFoundException also for a job of another tenant
     * @throws TooManyStreamsException when every stream allowed is open
     */
    public JobEventStream events(String id, Caller caller, JobEventSink sink) {
        return streams.open(id, caller, sink);
    }
}
