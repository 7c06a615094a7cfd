package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.job.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where callbacks and their delivery attempts are kept: the outbox the sender reads, one row per
 * {@link CallbackSubject} (a job or a batch) that asked for a callback.
 */
public interface CallbackStore {

    /**
     * Records a subject's callback, PENDING; does nothing if it already has one (an idempotent replay).
     * Runs in the caller's transaction when there is one: the subject's own insert.
     */
    void register(CallbackSubject subject, Callback callback, Instant now);

    /** As {@link #register(CallbackSubject, Callback, Instant)} for a job. */
    default void register(JobId job, Callback callback, Instant now) {
        register(CallbackSubject.of(job), callback, now);
    }

    /**
     * Callbacks whose subject has ended, still PENDING and due at {@code now}, each claimed until
     * {@code claimUntil} (as {@link Due#claimedUntil()} says) so that no other sender takes it
     * meanwhile; jobs' and batches' together, earliest due first, at most {@code limit}.
     */
    List<Due> claimDue(Instant now, Instant claimUntil, int limit);

    /**
     * Makes due the callbacks still waiting for a subject that has in fact ended. The transaction that
     * ends a job or batch does this itself; a subject ended by an instance of a version that keeps no
     * waiting state (one still running while a newer one migrated the store) leaves its callback
     * waiting, and only this finds it. Cheap: it reads the waiting rows, one per unended subject with
     * a callback.
     *
     * @return how many callbacks it made due
     */
    int releaseEnded();

    /**
     * Records an attempt and what follows (the new state and, if still PENDING, when to try again),
     * only while {@code due}'s claim still holds: a claim that lapsed may have been taken by another
     * sender, whose attempt is the one that counts.
     *
     * @return false when the claim was lost: nothing was written
     */
    boolean recordAttempt(Due due, DeliveryAttempt attempt, DeliveryState state, Instant nextAttemptAt);

    /** The subject's callback for the API, if it has one. */
    Optional<CallbackStatus> status(CallbackSubject subject);

    /** The job's callback for the API, if it has one. */
    default Optional<CallbackStatus> status(JobId job) {
        return status(CallbackSubject.of(job));
    }

    /**
     * A callback to try now.
     *
     * @param attemptsSoFar attempts already made for this ending of the subject (what the retries count)
     * @param earlierAttempts attempts made for its endings before a repair (0 for a job): this
     *     attempt's number is {@code earlierAttempts + attemptsSoFar + 1}
     * @param claimedUntil the claim: the row is this sender's until then, and while it still says so
     */
    record Due(
            CallbackSubject subject, Callback callback, int attemptsSoFar, int earlierAttempts, Instant claimedUntil) {

        /** A job's callback, which no repair ever makes due again. */
        public Due(JobId job, Callback callback, int attemptsSoFar, Instant claimedUntil) {
            this(CallbackSubject.of(job), callback, attemptsSoFar, 0, claimedUntil);
        }

        /** The number the next attempt gets, counting those of earlier endings. */
        public int nextNumber() {
            return earlierAttempts + attemptsSoFar + 1;
        }
    }
}
