package dev.sparkjobs.web;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.jobcallbacks.JobViews;
import dev.sparkjobs.watch.JobWatch;
import org.springframework.stereotype.Component;

/** A callback's job: the answer GET /api/v1/jobs/{id} gives, so that receivers parse one shape. */
@Component
class CallbackJobViews implements JobViews {

    private final JobWatch watch;

    CallbackJobViews(JobWatch watch) {
        this.watch = watch;
    }

    @Override
    public Object render(Job job) {
        return JobResponse.of(
                job, watch.progress(job).orElse(null), watch.cost(job).orElse(null), null);
    }
}
