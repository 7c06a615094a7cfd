package dev.sparkjobs.watch;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.progress.JobProgress;

/** Where one stream's events go: the web layer's server-sent events. Each call returns at once. */
public interface JobEventSink {

    /** The job, on each change of its state. @return false when the client is gone */
    boolean state(Job job);

    /** The running attempt's progress, when it moved. @return false when the client is gone */
    boolean progress(JobProgress progress);

    /** The stream is over: the job ended, the stream's time is up, or the service is stopping. */
    void end();
}
