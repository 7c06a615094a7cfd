package dev.sparkjobs.job;

import java.util.List;

/** One page of jobs; {@code nextBeforeSeq} is null on the last page. */
public record JobPage(List<Job> jobs, Long nextBeforeSeq) {

    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
