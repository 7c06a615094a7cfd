package dev.sparkjobs.jobcallbacks;

/** Where a callback's delivery is. */
public enum DeliveryState {
    /** Not delivered yet: waiting for the job to end, or for the next attempt. */
    PENDING,
    /** A 2xx answer was received. */
    DELIVERED,
    /** Given up: attempts exhausted, or an answer that a retry would not change. */
    FAILED
}
