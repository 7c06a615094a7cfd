package dev.sparkjobs.progress;

/** Where the cost of each ended attempt is counted for monitoring: per type, pool and tenant. */
@FunctionalInterface
public interface CostMeter {

    CostMeter NONE = (owner, cost) -> {};

    void attemptEnded(JobCost.Owner owner, JobCost cost);
}
