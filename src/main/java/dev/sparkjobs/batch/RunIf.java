package dev.sparkjobs.batch;

/**
 * When a batch node with dependencies runs, decided over its dependencies' final states. "Failed" means
 * FAILED, TIMED_OUT or CANCELLED; a node with no dependencies always runs.
 */
public enum RunIf {
    /** Every dependency SUCCEEDED. */
    ALL_SUCCESS,
    /** Every dependency ended, however it ended. */
    ALL_DONE,
    /** No dependency failed: each SUCCEEDED or was SKIPPED. */
    NONE_FAILED,
    /** At least one dependency failed. */
    AT_LEAST_ONE_FAILED
}
