package dev.sparkjobs.progress;

import dev.sparkjobs.job.JobId;
import java.util.Optional;

/** Where the progress of a job's last ended attempt is kept, for reads after it ended and after a restart. */
public interface ProgressStore {

    /** Keeps the final progress of an attempt of the job, replacing an earlier attempt's. */
    void save(JobId id, JobProgress progress);

    /** The progress of the job's last attempt that ended, if one was kept. */
    Optional<JobProgress> find(JobId id);
}
