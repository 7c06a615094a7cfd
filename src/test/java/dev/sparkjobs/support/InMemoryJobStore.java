package dev.sparkjobs.support;

import dev.sparkjobs.job.DuplicateIdempotencyKeyException;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobPage;
import dev.sparkjobs.job.JobQuery;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.job.QueuedEntry;
import dev.sparkjobs.job.SideWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link dev.sparkjobs.job.JobStore} in memory for unit tests of the engine, with the same
 * compare-and-set and fence rules as the JDBC store ({@code JobStoreContract} holds both to them),
 * and hooks that let a test hold a thread at a chosen step to force an interleaving.
 */
public final class InMemoryJobStore implements JobStore {

    private final Map<JobId, Job> jobs = new LinkedHashMap<>();
    private final Map<JobId, Long> seqs = new LinkedHashMap<>();
    private final Map<String, JobId> keys = new LinkedHashMap<>();
    private long nextSeq = 1;
    private volatile boolean leaseHeld = true;

    /** Runs on the calling thread after a job was read, outside the store's lock. */
    public volatile Consumer<Job> afterFind = job -> {};
    /** Runs on the calling thread before a state change is tried, outside the store's lock. */
    public volatile BiConsumer<Job, Job> beforeTransition = (before, after) -> {};

    /** Whether this store's writer holds the driver lease; without it every state change is refused. */
    public void leaseHeld(boolean held) {
        this.leaseHeld = held;
    }

    @Override
    public synchronized void insert(Job job, IdempotencyKey key) {
        if (key != null && keys.containsKey(job.owner().tenant() + "\n" + key.key())) {
            throw new DuplicateIdempotencyKeyException(key.key());
        }
        jobs.put(job.id(), job);
        seqs.put(job.id(), nextSeq++);
        if (key != null) {
            keys.put(job.owner().tenant() + "\n" + key.key(), job.id());
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        Optional<Job> job;
        synchronized (this) {
            job = Optional.ofNullable(jobs.get(id));
        }
        job.ifPresent(afterFind);
        return job;
    }

    @Override
    public synchronized Optional<IdempotencyKey.Claim> findByIdempotencyKey(String tenant, String key) {
        return Optional.ofNullable(keys.get(tenant + "\n" + key)).map(id -> new IdempotencyKey.Claim(id, ""));
    }

    /** The state each change with side writes moved to, and those side writes, in order. */
    public final List<Map.Entry<JobState, List<SideWrite>>> sideWrites = new CopyOnWriteArrayList<>();

    @Override
    public boolean transition(Job before, Job after, List<SideWrite> alongside) {
        if (!alongside.isEmpty()) {
            sideWrites.add(Map.entry(after.state(), alongside));
        }
        return JobStore.super.transition(before, after, alongside);
    }

    @Override
    public boolean transition(Job before, Job after) {
        beforeTransition.accept(before, after);
        synchronized (this) {
            Job stored = jobs.get(before.id());
            if (stored == null
                    || !leaseHeld
                    || stored.state() != before.state()
                    || stored.attempt() != before.attempt()
                    || (after.state() == JobState.QUEUED && stored.cancelRequestedAt() != null)) {
                return false;
            }
            jobs.put(after.id(), withCancelRequest(after, stored.cancelRequestedAt(), stored.cancelReason()));
            return true;
        }
    }

    @Override
    public synchronized boolean markCancelRequested(Job cancelRequested) {
        Job stored = jobs.get(cancelRequested.id());
        if (stored == null || stored.state() != JobState.RUNNING || stored.attempt() != cancelRequested.attempt()) {
            return false;
        }
        if (stored.cancelRequestedAt() == null) {
            jobs.put(
                    stored.id(),
                    withCancelRequest(stored, cancelRequested.cancelRequestedAt(), cancelRequested.cancelReason()));
        }
        return true;
    }

    @Override
    public synchronized JobPage list(JobQuery query) {
        return new JobPage(new ArrayList<>(jobs.values()), null);
    }

    @Override
    public synchronized int deleteFinishedBefore(Instant cutoff, int limit) {
        return 0;
    }

    @Override
    public synchronized List<Job> findAllIn(JobState state) {
        return jobs.values().stream().filter(j -> j.state() == state).toList();
    }

    @Override
    public synchronized List<QueuedEntry> findQueued(long afterSeq, int limit) {
        return jobs.values().stream()
                .filter(j -> j.state() == JobState.QUEUED && seqs.get(j.id()) > afterSeq)
                .limit(limit)
                .map(j -> new QueuedEntry(
                        seqs.get(j.id()),
                        j.id(),
                        j.owner().tenant(),
                        j.spec().pool(),
                        j.spec().priority(),
                        j.submittedAt(),
                        j.notBefore()))
                .toList();
    }

    @Override
    public synchronized List<Job> findRunningOn(String instance, int limit) {
        return jobs.values().stream()
                .filter(j -> j.state() == JobState.RUNNING && instance.equals(j.runBy()))
                .limit(limit)
                .toList();
    }

    /** As the JDBC store does: a state change never writes the cancel request, which stays as stored. */
    private static Job withCancelRequest(Job j, Instant requestedAt, String reason) {
        return new Job(
                j.id(),
                j.spec(),
                j.state(),
                j.owner(),
                j.submittedAt(),
                j.startedAt(),
                j.finishedAt(),
                requestedAt,
                j.error(),
                j.result(),
                j.attempt(),
                j.notBefore(),
                j.attempts(),
                j.runBy(),
                reason);
    }

    /** The job as stored now. */
    public synchronized Job get(JobId id) {
        return jobs.get(id);
    }
}
