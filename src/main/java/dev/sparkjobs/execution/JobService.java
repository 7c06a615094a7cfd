package dev.sparkjobs.execution;

import dev.sparkjobs.abandon.JobReads;
import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionSnapshot;
import dev.sparkjobs.admission.Demand;
import dev.sparkjobs.admission.QueueFullException;
import dev.sparkjobs.admission.ShuttingDownException;
import dev.sparkjobs.engine.JobRunner;
import dev.sparkjobs.engine.JobWaiters;
import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.engine.RunningJob;
import dev.sparkjobs.guardrails.SqlRefusedException;
import dev.sparkjobs.job.DuplicateIdempotencyKeyException;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobPage;
import dev.sparkjobs.job.JobQuery;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.CallbackRequests;
import dev.sparkjobs.jobtypes.JobTypeCatalog;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.jobtypes.UnknownJobTypeException;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The one entry point to jobs: submit, read, wait, list, cancel. Web and any other caller go
 * through here; this is where a job is made durable before anyone is told it exists, and where a
 * {@link Caller}'s roles and tenant are checked: a job of another tenant is "not found" here, for
 * every caller but an admin.
 */
@Service
public class JobService {

    private final JobStore store;
    private final SubmissionCheck check;
    private final JobTypeCatalog catalog;
    private final AdmissionController admission;
    private final JobRunner runner;
    private final JobWaiters waiters;
    private final JobMetrics metrics;
    private final JobsProperties properties;
    private final JobReads reads;
    private final Clock clock;
    private final CallbackRequests callbacks;

    JobService(
            JobStore store,
            SubmissionCheck check,
            JobTypeCatalog catalog,
            AdmissionController admission,
            JobRunner runner,
            JobWaiters waiters,
            JobMetrics metrics,
            JobsProperties properties,
            JobReads reads,
            Clock clock) {
        this.store = store;
        this.check = check;
        this.catalog = catalog;
        this.admission = admission;
        this.runner = runner;
        this.waiters = waiters;
        this.metrics = metrics;
        this.properties = properties;
        this.reads = reads;
        this.clock = clock;
        this.callbacks = null;
    }

    @Autowired
    JobService(
            JobStore store,
            SubmissionCheck check,
            JobTypeCatalog catalog,
            AdmissionController admission,
            JobRunner runner,
            JobWaiters waiters,
            JobMetrics metrics,
            JobsProperties properties,
            JobReads reads,
            Clock clock,
            CallbackRequests callbacks) {
        this.store = store;
        this.check = check;
        this.catalog = catalog;
        this.admission = admission;
        this.runner = runner;
        this.waiters = waiters;
        this.metrics = metrics;
        this.properties = properties;
        this.reads = reads;
        this.clock = clock;
        this.callbacks = callbacks;
    }

    /**
     * Validates, stores and queues a job. With an idempotency key already used for the same request,
     * returns that job instead of creating another.
     *
     * @throws dev.sparkjobs.jobtypes.UnknownJobTypeException for a type nobody registered
     * @throws InvalidSubmissionException for invalid fields or params
     * @throws IdempotencyConflictException for a key used with a different request
     * @throws QueueFullException when the queue is full
     * @throws NotPermittedException without the submitter role
     */
    public SubmitOutcome submit(Submission submission, Caller caller) {
        return submit(submission, null, caller);
    }

    /**
     * As {@link #submit(Submission, Caller)}, with a callback to make when the job ends (null: none).
     * The callback is part of the request an idempotency key stands for, is checked (its host looked
     * up) only for a caller who may submit, and is stored in the same transaction as the job: a job
     * is never stored, nor queued, without the callback it asked for.
     *
     * @throws InvalidSubmissionException also for a callback the policy refuses
     */
    public SubmitOutcome submit(Submission submission, Callback callback, Caller caller) {
        return submit(submission, callback, caller, true);
    }

    /**
     * As {@link #submit(Submission, Caller)}, for a submitter that keeps its job and tries again when
     * admission says "not now" (a batch's job waiting for a place): that is a wait, not a refused
     * submission, and is not counted as one ({@code jobservice_jobs_rejected_total}).
     *
     * @throws QueueFullException when the queue (or the tenant's share of it) is full: try again later
     */
    public SubmitOutcome submitWaiting(Submission submission, Caller caller) {
        return submit(submission, null, caller, false);
    }

    private SubmitOutcome submit(Submission submission, Callback callback, Caller caller, boolean refusalsCount) {
        require(caller, Role.SUBMITTER, "submit jobs");
        JobOwner owner = new JobOwner(caller.tenant(), caller.name());
        JobSpec spec;
        try {
            spec = check.toSpec(callback == null ? submission : submission.calledBack(), caller);
            if (callback != null) {
                List<ParamError> problems = callbacks.problems(callback);
                if (!problems.isEmpty()) {
                    throw new InvalidSubmissionException(problems);
                }
            }
        } catch (RuntimeException e) {
            metrics.rejected(JobMetrics.RejectReason.INVALID);
            throw e;
        }
        IdempotencyKey key = null;
        if (submission.idempotencyKey() != null) {
            key = new IdempotencyKey(submission.idempotencyKey(), Fingerprint.of(submission, callback));
            Optional<SubmitOutcome> earlier = earlier(owner.tenant(), key);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            admission.reserve(owner.tenant());
        } catch (QueueFullException e) {
            if (refusalsCount) {
                metrics.rejected(JobMetrics.RejectReason.QUEUE_FULL);
            }
            throw e;
        } catch (ShuttingDownException e) {
            if (refusalsCount) {
                metrics.rejected(JobMetrics.RejectReason.SHUTTING_DOWN);
            }
            throw e;
        }
        Job job = Job.submitted(JobId.random(), spec, owner, clock.instant());
        try {
            if (callback == null) {
                store.insert(job, key);
            } else {
                store.insert(job, key, () -> callbacks.register(job.id(), callback));
            }
        } catch (DuplicateIdempotencyKeyException e) {
            admission.unreserve(owner.tenant());
            return earlier(owner.tenant(), key).orElseThrow(() -> e);
        } catch (RuntimeException e) {
            admission.unreserve(owner.tenant());
            throw e;
        }
        metrics.submitted(spec.type());
        admission.enqueue(Demand.of(job));
        return new SubmitOutcome(job, true);
    }

    /**
     * Every problem a {@link #submit} of {@code submission} would refuse it for, without storing or
     * queuing anything: what a batch checks of each of its jobs before it accepts any of them.
     *
     * @return field errors (params errors under {@code params.}); empty when the job would be accepted
     */
    public List<ParamError> problems(Submission submission, Caller caller) {
        try {
            check.toSpec(submission, caller);
            return List.of();
        } catch (InvalidSubmissionException e) {
            return e.errors();
        } catch (UnknownJobTypeException e) {
            return List.of(new ParamError("type", e.getMessage()));
        } catch (SqlRefusedException e) {
            return List.of(new ParamError("params", e.getMessage()));
        }
    }

    /**
     * @throws JobNotFoundException also for a job of a tenant the caller does not see
     * @throws NotPermittedException without the viewer role
     */
    public Job get(String id, Caller caller) {
        require(caller, Role.VIEWER, "read jobs");
        Job job = visible(id, caller);
        reads.touch(job); // someone still wants it: see cancelAbandoned
        return job;
    }

    private Job visible(String id, Caller caller) {
        Job job = JobId.parse(id).flatMap(store::find).orElseThrow(() -> new JobNotFoundException(id));
        if (!caller.sees(job.owner().tenant())) {
            throw JobNotFoundException.ofOtherTenant(id);
        }
        return job;
    }

    /**
     * The job once it is final, or as it is after {@code wait}, whichever comes first.
     *
     * @throws JobNotFoundException
     */
    public CompletableFuture<Job> await(String id, Duration wait, Caller caller) {
        Job now = get(id, caller);
        if (now.isTerminal() || wait.isZero()) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Job> done = waiters.register(now.id());
        Job again = visible(id, caller);
        if (again.isTerminal()) {
            waiters.finished(again); // wakes anyone who registered before us, too
            return CompletableFuture.completedFuture(again);
        }
        // a caller blocked here is reading the job all along, and reads it at the end too
        reads.beginWait(now.id());
        return waiters.orAfter(done, wait, () -> visible(id, caller))
                .whenComplete((job, e) -> reads.endWait(now.id()))
                .thenApply(job -> {
                    reads.touch(job);
                    return job;
                });
    }

    /**
     * A page of the jobs the caller sees: its tenant's, or with {@code tenant} as an admin's filter
     * (null: every tenant's). A tenant filter naming another tenant finds nothing for a non-admin.
     */
    public JobPage list(JobQuery query, Caller caller) {
        require(caller, Role.VIEWER, "list jobs");
        if (caller.isAdmin()) {
            return store.listSummaries(query);
        }
        if (query.tenant() != null && !query.tenant().equals(caller.tenant())) {
            return new JobPage(List.of(), null);
        }
        return store.listSummaries(new JobQuery(
                caller.tenant(),
                query.states(),
                query.type(),
                query.pool(),
                query.tags(),
                query.limit(),
                query.beforeSeq()));
    }

    /**
     * Cancels a job: a QUEUED one at once; a RUNNING one by stopping its Spark work, after which it
     * becomes CANCELLED.
     *
     * @throws JobNotFoundException
     * @throws JobAlreadyFinishedException
     * @throws NotPermittedException without the submitter role
     */
    public CancelOutcome cancel(String id, Caller caller) {
        require(caller, Role.SUBMITTER, "cancel jobs");
        while (true) {
            Job job = visible(id, caller);
            if (job.isTerminal()) {
                throw new JobAlreadyFinishedException(job);
            }
            Optional<Job> done = cancelOnce(job, RunningJob.StopReason.CANCELLED);
            if (done.isPresent()) {
                Job now = done.get();
                return now.isTerminal() ? new CancelOutcome(now, true) : new CancelOutcome(visible(id, caller), false);
            }
            // the job moved on between our read and our write: read again
        }
    }

    /**
     * Cancels a job nobody read for its {@code cancelIfUnpolled}, as its caller's cancel would, with
     * reason {@link dev.sparkjobs.job.JobError#ABANDONED}; nothing when it ended or a cancel was asked for.
     *
     * @return true when this call cancelled it (QUEUED) or asked its work to stop (RUNNING)
     */
    public boolean cancelAbandoned(JobId id) {
        // a few tries, not a loop: a write this instance may not make (its lease is gone) must not hold
        // the housekeeping thread; the next sweep tries again
        for (int attempt = 0; attempt < 3; attempt++) {
            Job job = store.find(id).orElse(null);
            if (job == null || job.isTerminal() || job.cancelRequestedAt() != null) {
                return false;
            }
            if (cancelOnce(job, RunningJob.StopReason.ABANDONED).isPresent()) {
                reads.forget(id);
                return true;
            }
        }
        return false;
    }

    /**
     * Cancels a job its batch stops (fail-fast, the batch's cancel or timeout), as its caller's cancel
     * would, with reason {@link JobError#BATCH_STOPPED}; nothing when it ended or a cancel was asked for.
     * A few tries: the batch's coordinator asks again on its next round.
     */
    public void cancelForBatch(JobId id) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Job job = store.find(id).orElse(null);
            if (job == null || job.isTerminal() || job.cancelRequestedAt() != null) {
                return;
            }
            if (cancelOnce(job, RunningJob.StopReason.BATCH_STOPPED).isPresent()) {
                return;
            }
        }
    }

    /**
     * One try at cancelling a QUEUED or RUNNING job: a QUEUED one moves to CANCELLED; a RUNNING one is
     * marked and its work stopped, after which it becomes CANCELLED.
     *
     * @param why CANCELLED (on request), ABANDONED (nobody read it) or BATCH_STOPPED (its batch stopped it)
     * @return the job as written (still RUNNING for a stop), or empty when another writer moved it first
     */
    private Optional<Job> cancelOnce(Job job, RunningJob.StopReason why) {
        if (job.state() == JobState.QUEUED) {
            Job cancelled =
                    switch (why) {
                        case ABANDONED -> job.abandon(clock.instant());
                        case BATCH_STOPPED -> job.stopByBatch(clock.instant());
                        default -> job.cancel(clock.instant());
                    };
            if (!store.transition(job, cancelled)) {
                return Optional.empty();
            }
            admission.remove(job.id());
            metrics.finished(job.spec().type(), cancelled.state());
            waiters.finished(cancelled);
            return Optional.of(cancelled);
        }
        Job requested =
                switch (why) {
                    case ABANDONED -> job.requestAbandon(clock.instant());
                    case BATCH_STOPPED -> job.requestStopByBatch(clock.instant());
                    default -> job.requestCancel(clock.instant());
                };
        if (!store.markCancelRequested(requested)) {
            return Optional.empty();
        }
        runner.stop(job.id(), job.attempt(), why, requested.cancelRequestedAt());
        return Optional.of(requested);
    }

    /**
     * Why a QUEUED job waits for a table (another job writes it in a conflicting way), or null: when
     * it waits for nothing but room, or is not queued.
     */
    public String waitingFor(Job job) {
        return job.state() == JobState.QUEUED ? admission.waitingFor(job.id()) : null;
    }

    /** Limits and load: all of it for an admin, the caller's own tenant's row for anyone else. */
    public AdmissionSnapshot admission(Caller caller) {
        requireAnyRole(caller, "read the admission view");
        AdmissionSnapshot all = admission.snapshot();
        return caller.isAdmin() ? all : all.forTenant(caller.tenant());
    }

    public Duration statusRetryAfter() {
        return properties.statusRetryAfter();
    }

    public List<JobTypeCatalog.Entry> jobTypes(Caller caller) {
        requireAnyRole(caller, "read the job types");
        return catalog.entries();
    }

    /** An authenticated caller without any role (a token whose roles this service does not know) may do nothing. */
    private static void requireAnyRole(Caller caller, String action) {
        if (caller.roles().isEmpty()) {
            throw new NotPermittedException(caller, Role.VIEWER, action);
        }
    }

    private static void require(Caller caller, Role role, String action) {
        if (!caller.may(role)) {
            throw new NotPermittedException(caller, role, action);
        }
    }

    private Optional<SubmitOutcome> earlier(String tenant, IdempotencyKey key) {
        return store.findByIdempotencyKey(tenant, key.key()).map(claim -> {
            if (!claim.requestHash().equals(key.requestHash())) {
                throw new IdempotencyConflictException(key.key(), claim.jobId());
            }
            return new SubmitOutcome(store.find(claim.jobId()).orElseThrow(), false);
        });
    }
}
