package dev.sparkjobs.batches;

import dev.sparkjobs.abandon.AbandonProperties;
import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchGraph;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchLink;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchPage;
import dev.sparkjobs.batch.BatchPlanner;
import dev.sparkjobs.batch.BatchQuery;
import dev.sparkjobs.batch.BatchStore;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.InvalidBatchException;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.execution.InvalidSubmissionException;
import dev.sparkjobs.execution.NotPermittedException;
import dev.sparkjobs.job.DuplicateIdempotencyKeyException;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobStatus;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.CallbackRequests;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.metrics.BatchMetrics;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The one entry point to batches: submit, read, list, cancel, repair. A batch is checked whole before
 * anything is stored (its DAG, its result references, every job as a job submit would check it); the
 * {@link BatchCoordinator} then runs it. Roles and tenants as for jobs: another tenant's batch is "not
 * found" for every caller but an admin.
 */
@Service
public class BatchService {

    public static final int MAX_JOBS = 1000;
    public static final int MAX_CONCURRENCY = 200;
    public static final long MAX_TIMEOUT_SECONDS = 604_800;

    private final BatchStore store;
    private final JobStore jobs;
    private final NodeChecks checks;
    private final BatchCoordinator coordinator;
    private final BatchMetrics metrics;
    private final JobsProperties properties;
    private final AbandonProperties abandon;
    private final BatchReads reads;
    private final CallbackRequests callbacks;
    private final Clock clock;

    BatchService(
            BatchStore store,
            JobStore jobs,
            NodeChecks checks,
            BatchCoordinator coordinator,
            BatchMetrics metrics,
            JobsProperties properties,
            AbandonProperties abandon,
            BatchReads reads,
            CallbackRequests callbacks,
            Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.checks = checks;
        this.coordinator = coordinator;
        this.metrics = metrics;
        this.properties = properties;
        this.abandon = abandon;
        this.reads = reads;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    /**
     * Checks and stores a batch; its coordinator starts its first jobs. With an idempotency key already
     * used for the same request, returns that batch instead of creating another.
     *
     * @throws InvalidSubmissionException naming every problem of the batch and of its jobs ({@code jobs[i].…})
     * @throws BatchKeyConflictException for a key used with a different request
     * @throws NotPermittedException without the submitter role
     */
    public BatchView submit(BatchSubmission s, Caller caller) {
        return submit(s, null, caller);
    }

    /**
     * As {@link #submit(BatchSubmission, Caller)}, with a callback to make when the batch ends (null:
     * none), as a job's: part of the request an idempotency key stands for, checked (its host looked up)
     * only for a caller who may submit, and stored in the same transaction as the batch.
     *
     * @throws InvalidSubmissionException also for a callback the policy refuses ({@code callback.url},
     *     {@code callback.headers}, {@code callBackUri})
     */
    public BatchView submit(BatchSubmission s, Callback callback, Caller caller) {
        require(caller, Role.SUBMITTER, "submit batches");
        List<ParamError> problems = new ArrayList<>(limits(s));
        if (callback != null) {
            problems.addAll(callbacks.problems(callback));
        }
        BatchGraph graph = null;
        try {
            graph = BatchGraph.of(s.jobs().stream()
                    .map(n -> new dev.sparkjobs.batch.NodeSpec(
                            n.key(),
                            n.dependsOn(),
                            n.runIf(),
                            n.job() == null ? null : n.job().params()))
                    .toList());
        } catch (InvalidBatchException e) {
            e.problems().forEach(p -> problems.add(new ParamError(p.field(), p.message())));
        }
        problems.addAll(checks.problems(s.jobs(), graph, caller));
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems);
        }
        JobOwner owner = new JobOwner(caller.tenant(), caller.name());
        IdempotencyKey key = null;
        if (s.idempotencyKey() != null) {
            key = new IdempotencyKey(s.idempotencyKey(), BatchFingerprint.of(s, callback));
            Optional<Batch> earlier = earlier(owner.tenant(), key);
            if (earlier.isPresent()) {
                return view(earlier.get(), false);
            }
        }
        Batch batch = Batch.submitted(
                BatchId.random(),
                s.name(),
                owner,
                caller.roles().stream().map(Enum::name).collect(Collectors.toSet()),
                s.concurrency() == null ? BatchSubmission.DEFAULT_CONCURRENCY : s.concurrency(),
                s.failurePolicy() == null ? FailurePolicy.CONTINUE : s.failurePolicy(),
                s.timeoutSeconds() == null ? null : Duration.ofSeconds(s.timeoutSeconds()),
                cancelIfUnpolled(s.cancelIfUnpolledSeconds(), callback != null),
                clock.instant(),
                s.jobs().stream()
                        .map(n -> BatchNode.pending(n.key(), n.dependsOn(), n.runIf(), n.job()))
                        .toList());
        try {
            if (callback == null) {
                store.insert(batch, key);
            } else {
                store.insert(batch, key, () -> callbacks.register(batch.id(), callback));
            }
        } catch (DuplicateIdempotencyKeyException e) {
            return view(earlier(owner.tenant(), key).orElseThrow(() -> e), false);
        }
        metrics.submitted();
        coordinator.wake();
        return view(batch, true);
    }

    /**
     * The batch's own (0: never) or the configured default for jobs, which a batch called back never
     * gets (its caller does not poll it); checked by {@link #limits}.
     */
    private Duration cancelIfUnpolled(Long seconds, boolean calledBack) {
        if (seconds == null) {
            return calledBack ? null : abandon.cancelIfUnpolled();
        }
        return seconds == 0 ? null : Duration.ofSeconds(seconds);
    }

    /** What Bean Validation checks at the door, for callers that do not come through it. */
    private List<ParamError> limits(BatchSubmission s) {
        List<ParamError> problems = new ArrayList<>();
        if (s.jobs().isEmpty() || s.jobs().size() > MAX_JOBS) {
            problems.add(new ParamError(
                    "jobs",
                    "must hold 1 to " + MAX_JOBS + " jobs, not " + s.jobs().size()));
        }
        if (s.concurrency() != null && (s.concurrency() < 1 || s.concurrency() > MAX_CONCURRENCY)) {
            problems.add(new ParamError("concurrency", "must be between 1 and " + MAX_CONCURRENCY));
        }
        if (s.timeoutSeconds() != null && (s.timeoutSeconds() < 1 || s.timeoutSeconds() > MAX_TIMEOUT_SECONDS)) {
            problems.add(new ParamError("timeoutSeconds", "must be between 1 and " + MAX_TIMEOUT_SECONDS));
        }
        Long unpolled = s.cancelIfUnpolledSeconds();
        if (unpolled != null && unpolled < 0) {
            problems.add(new ParamError("cancelIfUnpolledSeconds", "must be 0 (never) or more"));
        } else if (unpolled != null && unpolled > abandon.cancelIfUnpolledMax().toSeconds()) {
            problems.add(new ParamError(
                    "cancelIfUnpolledSeconds",
                    "must be at most " + abandon.cancelIfUnpolledMax().toSeconds()));
        }
        return problems;
    }

    /**
     * @throws BatchNotFoundException also for a batch of a tenant the caller does not see
     * @throws NotPermittedException without the viewer role
     */
    public BatchView get(String id, Caller caller) {
        require(caller, Role.VIEWER, "read batches");
        Batch batch = visible(id, caller);
        reads.touch(batch); // a read keeps it from being cancelled as abandoned
        return view(batch, true);
    }

    /** A page of the batches the caller sees, newest first: its tenant's, every tenant's for an admin. */
    public BatchPage list(BatchQuery query, Caller caller) {
        require(caller, Role.VIEWER, "list batches");
        String tenant = caller.isAdmin() ? null : caller.tenant();
        return store.list(new BatchQuery(tenant, query.state(), query.name(), query.limit(), query.beforeSeq()));
    }

    /**
     * Asks a RUNNING batch to stop: its coordinator cancels its active jobs, skips its pending ones and
     * ends it CANCELLED.
     *
     * @throws BatchConflictException when it already ended
     */
    public BatchView cancel(String id, Caller caller) {
        require(caller, Role.SUBMITTER, "cancel batches");
        Batch batch = visible(id, caller);
        if (!store.requestCancel(batch.id(), clock.instant())) {
            batch = visible(id, caller);
            if (batch.isTerminal()) {
                throw new BatchConflictException(batch, "batch " + id + " already ended " + batch.state());
            }
        }
        coordinator.wake();
        return view(visible(id, caller), true);
    }

    /**
     * Reruns the nodes of an ended batch that did not succeed (FAILED, CANCELLED, TIMED_OUT, SKIPPED, and
     * PENDING: never started because the batch was given up on) and everything downstream of them, as
     * new jobs; the batch runs again. It decides from its jobs' states now (as {@link #get} shows them),
     * not from the coordinator's last look at them.
     *
     * @throws BatchConflictException while it runs, while jobs of it are still stopping (QUEUED or
     *     RUNNING after it ended), or when every job succeeded
     */
    public BatchView repair(String id, Caller caller) {
        require(caller, Role.SUBMITTER, "repair batches");
        while (true) {
            Batch batch = visible(id, caller);
            if (!batch.isTerminal()) {
                throw new BatchConflictException(batch, "batch " + id + " is still RUNNING; repair it once it ended");
            }
            Map<String, NodeStatus> now = BatchRuns.current(view(batch, true));
            List<String> stopping = now.values().stream()
                    .filter(NodeStatus::isActive)
                    .map(NodeStatus::key)
                    .toList();
            if (!stopping.isEmpty()) {
                // a repair now would leave these alone and the batch would end as it did: refuse it whole
                throw new BatchConflictException(
                        batch,
                        "batch " + id + " ended " + batch.state() + " but its jobs are still stopping ("
                                + String.join(", ", stopping.subList(0, Math.min(10, stopping.size())))
                                + (stopping.size() > 10 ? ", …" : "") + "); repair it once they ended");
            }
            Set<String> keys = BatchPlanner.toRepair(BatchRuns.graph(batch), now);
            if (keys.isEmpty()) { // none stopping, none PENDING, failed or skipped: every job SUCCEEDED
                throw new BatchConflictException(batch, "batch " + id + " has nothing to repair: every job succeeded");
            }
            if (store.repair(batch, keys, clock.instant())) { // a repair is a read: its clock starts again
                coordinator.wake();
                return view(visible(id, caller), true);
            }
            // another repair (or a late write) came first: read again
        }
    }

    /**
     * The batch as {@link #get} shows it, for no caller in particular (a callback's body), without
     * counting as a read.
     */
    public Optional<BatchView> find(BatchId id) {
        return store.find(id).map(b -> view(b, true));
    }

    /** The batch that started {@code job} (one the caller already may see), and the node it ran for. */
    public Optional<BatchLink> linkOf(Job job) {
        return store.linkOf(job.id());
    }

    public Duration statusRetryAfter() {
        return properties.statusRetryAfter();
    }

    private Batch visible(String id, Caller caller) {
        Batch batch = BatchId.parse(id).flatMap(store::find).orElseThrow(() -> new BatchNotFoundException(id, false));
        if (!caller.sees(batch.owner().tenant())) {
            throw new BatchNotFoundException(id, true);
        }
        return batch;
    }

    private BatchView view(Batch batch, boolean created) {
        // every node's job's state in one read, not one read a node, and only its state and error
        Map<JobId, JobStatus> byId = new HashMap<>();
        jobs.states(batch.nodes().stream()
                        .map(BatchNode::jobId)
                        .filter(Objects::nonNull)
                        .toList())
                .forEach(j -> byId.put(j.id(), j));
        Map<String, JobStatus> current = new LinkedHashMap<>();
        for (BatchNode n : batch.nodes()) {
            JobStatus job = n.jobId() == null ? null : byId.get(n.jobId());
            if (job != null) {
                current.put(n.key(), job);
            }
        }
        return new BatchView(batch, current, BatchRuns.graph(batch).edges(), created);
    }

    private Optional<Batch> earlier(String tenant, IdempotencyKey key) {
        return store.findByIdempotencyKey(tenant, key.key()).map(claim -> {
            if (!claim.requestHash().equals(key.requestHash())) {
                throw new BatchKeyConflictException(key.key(), claim.batchId());
            }
            return store.find(claim.batchId()).orElseThrow();
        });
    }

    private static void require(Caller caller, Role role, String action) {
        if (!caller.may(role)) {
            throw new NotPermittedException(caller, role, action);
        }
    }
}
