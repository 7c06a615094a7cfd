package dev.sparkjobs.batch;

/** What a batch does when one of its nodes fails. */
public enum FailurePolicy {
    /** Failures reach only their downstream, through each node's {@link RunIf}. */
    CONTINUE,
    /** The first failure stops the batch: its active jobs are cancelled and its pending nodes skipped. */
    FAIL_FAST
}
