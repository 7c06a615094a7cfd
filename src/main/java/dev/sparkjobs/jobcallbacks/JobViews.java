package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.job.Job;

/** Renders a job the way GET /api/v1/jobs/{id} shows it, for a callback's body. */
public interface JobViews {

    /** The job's API representation, a tree the JSON writer can serialize. */
    Object render(Job job);
}
