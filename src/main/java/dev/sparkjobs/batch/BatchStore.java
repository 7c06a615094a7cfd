package dev.sparkjobs.batch;

import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where batches live. Every change is a compare-and-set on what the writer last saw (a node's run and
 * state, a batch's state and repairs), so that two coordinators, or a coordinator and a caller's
 * cancel or repair, never both win: the loser's write is refused and it reads again.
 */
public interface BatchStore {

    /**
     * Stores a new batch with all its nodes in one transaction, with its idempotency key when it has one.
     *
     * @throws dev.sparkjobs.job.DuplicateIdempotencyKeyException when another batch of the tenant holds the key
     */
    void insert(Batch batch, IdempotencyKey key);

    /**
     * Stores a new batch as {@link #insert(Batch, IdempotencyKey)} does, and runs {@code alongside}
     * (writes of other stores on the same database that belong to the batch, such as its callback) in
     * the same transaction: if either fails, neither is stored.
     *
     * @throws dev.sparkjobs.job.DuplicateIdempotencyKeyException when another batch of the tenant holds the key
     */
    default void insert(Batch batch, IdempotencyKey key, Runnable alongside) {
        insert(batch, key);
        alongside.run();
    }

    Optional<Batch> find(BatchId id);

    /** The batch that holds {@code key} in {@code tenant}, and the fingerprint it was submitted with. */
    Optional<Claim> findByIdempotencyKey(String tenant, String key);

    /** The batch holding an idempotency key, and the fingerprint of the request that first used it. */
    record Claim(BatchId batchId, String requestHash) {}

    BatchPage list(BatchQuery query);

    /** Every RUNNING batch, oldest first: what a coordinator works on. */
    List<BatchId> findRunning();

    /**
     * Records the job of a PENDING node's run {@code run}, and marks the job as the batch's.
     *
     * @return false when the node is no longer PENDING in that run (another writer recorded one first)
     */
    boolean recordJob(BatchId id, String key, int run, JobId job, JobState state);

    /**
     * Mirrors the state of a node's job onto the node.
     *
     * @return false when the node is no longer in run {@code run} and state {@code from}
     */
    boolean mirror(BatchId id, String key, int run, JobState from, JobState to);

    /** Asks a RUNNING batch to stop. @return false when it is not RUNNING or a cancel was asked already */
    default boolean requestCancel(BatchId id, Instant at) {
        return requestCancel(id, at, CancelReason.REQUESTED);
    }

    /** As {@link #requestCancel(BatchId, Instant)}, saying why. */
    boolean requestCancel(BatchId id, Instant at, CancelReason reason);

    /** Records each batch's last read, in one batch of writes; a later read already stored is kept. */
    void recordReads(Map<BatchId, Instant> reads);

    /**
     * Ends a RUNNING batch that had {@code repairs} repairs: CANCELLED only when a cancel was asked for,
     * any other end only when none was, so that a cancel accepted while a step was deciding the end wins.
     *
     * @return false when it is no longer RUNNING in that repair (another writer ended or repaired it), or
     *     when {@code end} does not agree with whether a cancel was asked for (the next step decides again)
     */
    default boolean finish(BatchId id, int repairs, BatchState end, Instant at) {
        return finish(id, repairs, end, at, null);
    }

    /** As {@link #finish(BatchId, int, BatchState, Instant)}, saying why when it is not the nodes' doing. */
    boolean finish(BatchId id, int repairs, BatchState end, Instant at, String error);

    /**
     * Reruns part of a terminal batch: the nodes {@code keys} go back to PENDING in their next run, their
     * job kept in {@code earlierJobIds}; the batch goes back to RUNNING with one more repair, its finish,
     * error and cancel request (and its reason) cleared, read at {@code at} (its unread clock starts
     * again), its run begun at {@code at} (its timeout counts from there). Its callback, if it asked for
     * one, is due again once it ends again.
     *
     * @param before the batch as the caller read it (terminal)
     * @return false when it is no longer in {@code before}'s state and repairs
     */
    boolean repair(Batch before, Set<String> keys, Instant at);

    /**
     * Deletes up to {@code limit} batches that finished before {@code cutoff}, with their nodes; their
     * jobs, which job retention keeps while a batch links them, stay unlinked until job retention
     * deletes them on their own finish time.
     *
     * @return how many were deleted
     */
    int deleteFinishedBefore(Instant cutoff, int limit);

    /** The batch and node a job ran for, when a batch started it. */
    Optional<BatchLink> linkOf(JobId job);
}
