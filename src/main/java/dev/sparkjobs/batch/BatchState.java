package dev.sparkjobs.batch;

/** The life of a batch: RUNNING until every node has ended, then one final state. */
public enum BatchState {
    /** Some node has not ended yet (it is pending, queued or running). */
    RUNNING,
    /** Every node SUCCEEDED or was SKIPPED. */
    SUCCEEDED,
    /** Some node FAILED, TIMED_OUT or was CANCELLED. */
    FAILED,
    /** A cancel was asked for (or nobody read the batch's status in time). */
    CANCELLED,
    /** The batch ran past its {@code timeoutSeconds}. */
    TIMED_OUT;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}
