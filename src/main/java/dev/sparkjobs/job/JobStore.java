package dev.sparkjobs.job;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs live. Every change of state is a compare-and-set on the state and attempt the caller
 * last saw, so that cancel-vs-finish and timeout-vs-finish races are settled here: the loser's write
 * is refused and the loser re-reads. Every change of state is also fenced: the store refuses it
 * unless the instance writing it holds the driver lease, so an instance that lost the lease (cut
 * off, or paused, longer than its TTL) cannot overwrite what the new holder decided.
 */
public interface JobStore {

    /**
     * Stores a new QUEUED job, with its idempotency key when it has one.
     *
     * @throws DuplicateIdempotencyKeyException when another job already holds the key
     */
    void insert(Job job, IdempotencyKey key);

    /**
     * Stores a new QUEUED job as {@link #insert(Job, IdempotencyKey)} does, and runs {@code alongside}
     * (writes of other stores on the same database that belong to the job, such as its callback) in
     * the same transaction: if either fails, neither is stored.
     *
     * @throws DuplicateIdempotencyKeyException when another job already holds the key
     */
    default void insert(Job job, IdempotencyKey key, Runnable alongside) {
        insert(job, key);
        alongside.run();
    }

    Optional<Job> find(JobId id);

    /**
     * The jobs of {@code ids} that exist, in no particular order: what a reader of many jobs (a
     * batch's) reads at once rather than one at a time.
     */
    default List<Job> findAll(Collection<JobId> ids) {
        return ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /**
     * The state and error of the jobs of {@code ids} that exist, in no particular order: what a view of
     * many jobs' states (a batch's) reads, without their params, results and attempts.
     */
    default List<JobStatus> states(Collection<JobId> ids) {
        return findAll(ids).stream().map(JobStatus::of).toList();
    }

    Optional<IdempotencyKey.Claim> findByIdempotencyKey(String tenant, String key);

    /**
     * Writes {@code after} only if the stored job is still in {@code before.state()} and attempt, and
     * this instance holds the driver lease. A retry (RUNNING to QUEUED) is also refused once a cancel
     * was requested.
     *
     * @return false when another writer moved the job first, or this instance does not hold the lease
     */
    boolean transition(Job before, Job after);

    /**
     * {@link #transition(Job, Job)} with {@code alongside} written in the same transaction, each in a
     * savepoint of its own: one that throws is undone alone and handed to its {@link SideWrite#failed},
     * which accepts the loss or fails the whole change. They are written when the change is, and when
     * it loses to another writer of the same attempt (a cancel's end recorded first: the attempt's
     * figures are still its own); never when this instance does not hold the lease or a later attempt
     * has begun. A change that throws has written none of them, so the caller may try it again with
     * them. A store without transactions (this default) writes them each alone after the change.
     *
     * @return false when another writer moved the job first, or this instance does not hold the lease
     */
    default boolean transition(Job before, Job after, List<SideWrite> alongside) {
        boolean moved = transition(before, after);
        if (moved
                || find(before.id())
                        .filter(now -> now.attempt() == before.attempt())
                        .isPresent()) {
            alongside.forEach(SideWrite::writeAlone);
        }
        return moved;
    }

    /** Sets {@code cancelRequestedAt} on a job that is still RUNNING the same attempt; false otherwise. */
    boolean markCancelRequested(Job cancelRequested);

    JobPage list(JobQuery query);

    /**
     * The page {@link #list(JobQuery)} returns, read for a listing: each job with empty params, no
     * result and no earlier attempts, which a list does not show and which can each be large.
     */
    default JobPage listSummaries(JobQuery query) {
        return list(query);
    }

    /**
     * Deletes up to {@code limit} finished jobs (any final state) that finished before {@code
     * cutoff}, with their tags; their idempotency keys become free. A job linked to a batch is kept
     * while its batch lives (a repair of the batch reads its result): the batch's deletion unlinks it.
     *
     * @return how many were deleted
     */
    int deleteFinishedBefore(Instant cutoff, int limit);

    /** Every job in {@code state}, oldest submission first: what a start-up has to pick up again. */
    List<Job> findAllIn(JobState state);

    /** Up to {@code limit} QUEUED jobs after position {@code afterSeq}, in submission order, without params. */
    List<QueuedEntry> findQueued(long afterSeq, int limit);

    /** Up to {@code limit} jobs RUNNING on the service instance {@code instance} (their {@code runBy}). */
    List<Job> findRunningOn(String instance, int limit);
}
