package dev.sparkjobs.abandon;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** When each job's status was last read on this instance: {@link Reads} of the jobs that may be abandoned. */
public final class JobReads extends Reads<JobId> {

    public JobReads(Clock clock) {
        super(clock);
    }

    /** Someone read the job's status now; kept only for a job that may be abandoned. */
    public void touch(Job job) {
        if (job.isTerminal() || job.spec().cancelIfUnpolled() == null) {
            return;
        }
        touch(job.id());
    }

    /**
     * Drops the reads of jobs that ended (on any instance, by any path): the memory kept stays that of
     * the jobs still watched.
     */
    public void forgetEnded(ReadTimes store) {
        List<JobId> ids = new ArrayList<>(trackedIds());
        for (int from = 0; from < ids.size(); from += 500) {
            store.ended(ids.subList(from, Math.min(ids.size(), from + 500))).forEach(this::forget);
        }
    }
}
