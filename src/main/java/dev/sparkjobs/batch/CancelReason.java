package dev.sparkjobs.batch;

/** Why a batch was asked to stop. */
public enum CancelReason {
    /** A caller's {@code POST /batches/{id}/cancel}. */
    REQUESTED,
    /** Nobody read the batch for its {@code cancelIfUnpolled} while it ran. */
    ABANDONED
}
