package dev.sparkjobs.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The life of a job. The table of legal moves is {@link #canMoveTo}; nothing else decides it. */
public enum JobState {
    /** Accepted and durable; waiting for a free slot in its pool (and, before a retry, its notBefore). */
    QUEUED,
    /** Its thread is running the job's Spark work. */
    RUNNING,
    /** The work finished and its result is recorded. */
    SUCCEEDED,
    /** The work threw, or could not be started; {@code error} says why. */
    FAILED,
    /** Stopped on request: never started, or its Spark work was cancelled. */
    CANCELLED,
    /** Stopped by the server because it ran past its {@code timeoutSeconds}. */
    TIMED_OUT,
    /**
     * Never ran: its batch's condition for it could no longer hold (or its batch stopped). Born so, by
     * {@link Job#unrun}; no move leads into it.
     */
    SKIPPED;

    private static final Map<JobState, Set<JobState>> LEGAL_MOVES = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, FAILED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, QUEUED), // QUEUED: a retry
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class),
            TIMED_OUT, EnumSet.noneOf(JobState.class),
            SKIPPED, EnumSet.noneOf(JobState.class));

    public boolean isTerminal() {
        return LEGAL_MOVES.get(this).isEmpty();
    }

    public boolean canMoveTo(JobState target) {
        return LEGAL_MOVES.get(this).contains(target);
    }
}
