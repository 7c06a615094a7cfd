package dev.sparkjobs.execution;

import dev.sparkjobs.job.Job;

/** Cancel of a job that already reached a final state. */
public class JobAlreadyFinishedException extends RuntimeException {

    private final transient Job job;

    public JobAlreadyFinishedException(Job job) {
        super("job " + job.id() + " already finished as " + job.state());
        this.job = job;
    }

    public Job job() {
        return job;
    }
}
