package dev.sparkjobs.joblogs;

import dev.sparkjobs.job.JobId;
import java.util.List;

/** Where jobs' log lines are kept; they go with their job when it is deleted. */
public interface JobLogStore {

    /** Adds lines (each seq once) and sets how many lines the job has dropped so far. */
    void append(JobId id, List<JobLogLine> lines, long droppedSoFar);

    /** Up to {@code limit} lines with seq from {@code offset} on, in order. */
    List<JobLogLine> read(JobId id, long offset, int limit);

    /** The seq the job's next line gets: one past its last stored line, 0 for none. */
    long nextSeq(JobId id);

    /** How many lines the job has dropped. */
    long dropped(JobId id);
}
