package dev.sparkjobs.progress;

import dev.sparkjobs.job.JobId;
import java.util.Optional;

/** Where the cost of each ended attempt of a job is kept, and whom a job's cost is charged to. */
public interface CostStore {

    /** Keeps nothing and finds nothing. */
    CostStore NONE = new CostStore() {
        @Override
        public void save(JobId id, int attempt, JobCost cost) {}

        @Override
        public Optional<JobCost> total(JobId id, int leaving) {
            return Optional.empty();
        }

        @Override
        public Optional<JobCost.Owner> owner(JobId id) {
            return Optional.empty();
        }
    };

    /** Keeps the cost of one ended attempt; saving the same attempt again replaces it. */
    void save(JobId id, int attempt, JobCost cost);

    /**
     * The cost of the job's ended attempts, summed, leaving out attempt {@code leaving} (the one
     * running, whose cost is counted live; 0 leaves out none); empty when none was kept.
     */
    Optional<JobCost> total(JobId id, int leaving);

    /** The job's type, pool and tenant; empty for an unknown job. */
    Optional<JobCost.Owner> owner(JobId id);
}
