package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.job.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where callbacks and their delivery attempts are kept: the outbox the sender reads. */
public interface CallbackStore {

    /** Records a job's callback, PENDING; does nothing if the job already has one (an idempotent replay). */
    void register(JobId job, Callback callback, Instant now);

    /**
     * Callbacks whose job has ended, still PENDING and due at {@code now}, each claimed until
     * {@code claimUntil} (as {@link Due#claimedUntil()} says) so that no other sender takes it meanwhile.
     */
    List<Due> claimDue(Instant now, Instant claimUntil, int limit);

    /**
     * Records an attempt and what follows (the new state and, if still PENDING, when to try again),
     * only while {@code due}'s claim still holds: a claim that lapsed may have been taken by another
     * sender, whose attempt is the one that counts.
     *
     * @return false when the claim was lost: nothing was written
     */
    boolean recordAttempt(Due due, DeliveryAttempt attempt, DeliveryState state, Instant nextAttemptAt);

    /** The job's callback for the API, if it has one. */
    Optional<CallbackStatus> status(JobId job);

    /**
     * A callback to try now.
     *
     * @param attemptsSoFar attempts already made
     * @param claimedUntil the claim: the row is this sender's until then, and while it still says so
     */
    record Due(JobId job, Callback callback, int attemptsSoFar, Instant claimedUntil) {}
}
