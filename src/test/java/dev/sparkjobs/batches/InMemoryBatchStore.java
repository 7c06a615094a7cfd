package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchLink;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchPage;
import dev.sparkjobs.batch.BatchQuery;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.BatchStore;
import dev.sparkjobs.batch.CancelReason;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link BatchStore} in memory with the JDBC store's compare-and-set rules, counting what it is asked
 * to read, and with a hook that lets a test change the store in the middle of a step.
 */
final class InMemoryBatchStore implements BatchStore {

    private final Map<BatchId, Batch> batches = new LinkedHashMap<>();
    private final Map<JobId, BatchLink> links = new LinkedHashMap<>();

    /** Batches read whole ({@link #find}). */
    int batchReads;
    /** Nodes read with them. */
    long nodeReads;
    /** Runs before a batch is ended, so that a test can slip a write in between. */
    Consumer<BatchId> beforeFinish = id -> {};

    @Override
    public synchronized void insert(Batch batch, IdempotencyKey key) {
        batches.put(batch.id(), batch);
    }

    @Override
    public synchronized Optional<Batch> find(BatchId id) {
        Batch b = batches.get(id);
        if (b != null) {
            batchReads++;
            nodeReads += b.nodes().size();
        }
        return Optional.ofNullable(b);
    }

    synchronized Batch get(BatchId id) {
        return batches.get(id);
    }

    @Override
    public Optional<Claim> findByIdempotencyKey(String tenant, String key) {
        return Optional.empty();
    }

    @Override
    public BatchPage list(BatchQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized List<BatchId> findRunning() {
        return batches.values().stream()
                .filter(b -> b.state() == BatchState.RUNNING)
                .map(Batch::id)
                .toList();
    }

    @Override
    public synchronized boolean recordJob(BatchId id, String key, int run, JobId job, JobState state) {
        Batch b = batches.get(id);
        BatchNode n = b == null ? null : b.node(key);
        if (n == null || n.run() != run || n.state() != null) {
            return false;
        }
        put(b, new BatchNode(n.key(), n.dependsOn(), n.runIf(), n.request(), run, job, state, n.earlierJobIds()));
        links.put(job, new BatchLink(id, key));
        return true;
    }

    @Override
    public synchronized boolean mirror(BatchId id, String key, int run, JobState from, JobState to) {
        Batch b = batches.get(id);
        BatchNode n = b == null ? null : b.node(key);
        if (n == null || n.run() != run || n.state() != from) {
            return false;
        }
        put(b, new BatchNode(n.key(), n.dependsOn(), n.runIf(), n.request(), run, n.jobId(), to, n.earlierJobIds()));
        return true;
    }

    @Override
    public synchronized boolean requestCancel(BatchId id, Instant at, CancelReason reason) {
        Batch b = batches.get(id);
        if (b == null || b.state() != BatchState.RUNNING || b.cancelRequestedAt() != null) {
            return false;
        }
        batches.put(id, copy(b, b.state(), b.finishedAt(), at, reason, b.repairs(), b.lastReadAt()));
        return true;
    }

    @Override
    public synchronized void recordReads(Map<BatchId, Instant> reads) {
        reads.forEach((id, at) -> {
            Batch b = batches.get(id);
            if (b != null && (b.lastReadAt() == null || b.lastReadAt().isBefore(at))) {
                batches.put(
                        id,
                        copy(b, b.state(), b.finishedAt(), b.cancelRequestedAt(), b.cancelReason(), b.repairs(), at));
            }
        });
    }

    @Override
    public boolean finish(BatchId id, int repairs, BatchState end, Instant at, String error) {
        beforeFinish.accept(id);
        synchronized (this) {
            Batch b = batches.get(id);
            if (b == null
                    || b.state() != BatchState.RUNNING
                    || b.repairs() != repairs
                    || (b.cancelRequestedAt() != null) != (end == BatchState.CANCELLED)) {
                return false;
            }
            Batch ended = copy(b, end, at, b.cancelRequestedAt(), b.cancelReason(), repairs, b.lastReadAt());
            batches.put(id, withError(ended, error));
            return true;
        }
    }

    @Override
    public synchronized boolean repair(Batch before, Set<String> keys, Instant at) {
        Batch b = batches.get(before.id());
        if (b == null || b.state() != before.state() || b.repairs() != before.repairs()) {
            return false;
        }
        List<BatchNode> nodes = new ArrayList<>();
        for (BatchNode n : b.nodes()) {
            if (keys.contains(n.key())) {
                List<JobId> earlier = new ArrayList<>(n.earlierJobIds());
                if (n.jobId() != null) {
                    earlier.add(n.jobId());
                }
                n = new BatchNode(n.key(), n.dependsOn(), n.runIf(), n.request(), n.run() + 1, null, null, earlier);
            }
            nodes.add(n);
        }
        Batch r = copy(b, BatchState.RUNNING, null, null, null, b.repairs() + 1, at);
        batches.put(
                b.id(),
                new Batch(
                        r.id(),
                        r.name(),
                        r.owner(),
                        r.roles(),
                        r.state(),
                        r.concurrency(),
                        r.failurePolicy(),
                        r.timeout(),
                        r.submittedAt(),
                        null,
                        null,
                        r.repairs(),
                        nodes,
                        r.cancelIfUnpolled(),
                        at,
                        null,
                        at,
                        null));
        return true;
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized Optional<BatchLink> linkOf(JobId job) {
        return Optional.ofNullable(links.get(job));
    }

    private void put(Batch b, BatchNode changed) {
        List<BatchNode> nodes = new ArrayList<>(b.nodes());
        nodes.replaceAll(n -> n.key().equals(changed.key()) ? changed : n);
        batches.put(b.id(), b.withNodes(nodes));
    }

    private static Batch copy(
            Batch b,
            BatchState state,
            Instant finishedAt,
            Instant cancelRequestedAt,
            CancelReason reason,
            int repairs,
            Instant lastReadAt) {
        return new Batch(
                b.id(),
                b.name(),
                b.owner(),
                b.roles(),
                state,
                b.concurrency(),
                b.failurePolicy(),
                b.timeout(),
                b.submittedAt(),
                finishedAt,
                cancelRequestedAt,
                repairs,
                b.nodes(),
                b.cancelIfUnpolled(),
                lastReadAt,
                reason,
                b.runStartedAt(),
                b.error());
    }

    private static Batch withError(Batch b, String error) {
        return new Batch(
                b.id(),
                b.name(),
                b.owner(),
                b.roles(),
                b.state(),
                b.concurrency(),
                b.failurePolicy(),
                b.timeout(),
                b.submittedAt(),
                b.finishedAt(),
                b.cancelRequestedAt(),
                b.repairs(),
                b.nodes(),
                b.cancelIfUnpolled(),
                b.lastReadAt(),
                b.cancelReason(),
                b.runStartedAt(),
                error);
    }
}
