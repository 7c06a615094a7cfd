package dev.sparkjobs.batches;

import dev.sparkjobs.admission.QueueFullException;
import dev.sparkjobs.admission.ShuttingDownException;
import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.batch.ResultReferences;
import dev.sparkjobs.execution.IdempotencyConflictException;
import dev.sparkjobs.execution.InvalidSubmissionException;
import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.execution.NotPermittedException;
import dev.sparkjobs.execution.Submission;
import dev.sparkjobs.execution.UnrunJobs;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.jobtypes.UnknownJobTypeException;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Makes the job of a node's run: submitted through the {@link JobService} as the batch's owner, or
 * born terminal when the node is skipped or cannot start. Each job carries the Idempotency-Key {@code
 * batch:<id>:<key>:<run>}, so that a coordinator that stopped between making a job and recording it
 * on its node finds the same job again instead of making a second.
 */
@Component
class NodeStarter {

    private final JobService jobs;
    private final UnrunJobs unrun;
    private final JobStore store;

    NodeStarter(JobService jobs, UnrunJobs unrun, JobStore store) {
        this.jobs = jobs;
        this.unrun = unrun;
        this.store = store;
    }

    static String idempotencyKey(Batch batch, BatchNode node) {
        return "batch:" + batch.id() + ":" + node.key() + ":" + node.run();
    }

    /** The caller the batch's jobs are submitted as: its submitter, with the roles it had then. */
    static Caller owner(Batch batch) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : batch.roles()) {
            try {
                roles.add(Role.valueOf(name));
            } catch (IllegalArgumentException e) {
                // a role this version no longer knows grants nothing
            }
        }
        return new Caller(batch.owner().submittedBy(), batch.owner().tenant(), roles);
    }

    /**
     * Starts the node's job with its references resolved against {@code upstream}.
     *
     * @return the job (QUEUED, or born FAILED when a reference or the resolved params are not good), or
     *     empty when admission said "not now" (queue full, shutting down): the node stays PENDING
     */
    Optional<Job> start(Batch batch, BatchNode node, Map<String, NodeStatus> upstream) {
        Map<String, Object> params =
                node.request().params() == null ? Map.of() : node.request().params();
        if (ResultReferences.hasReferences(params)) {
            ResultReferences.Resolution resolved = ResultReferences.resolve(params, upstream);
            if (!resolved.ok()) {
                return Optional.of(unrun(
                        batch,
                        node,
                        JobState.FAILED,
                        new JobError(JobError.UNRESOLVED_REFERENCE, String.join("; ", resolved.errors()))));
            }
            params = resolved.params();
        }
        Submission submission = NodeChecks.submission(node.request().withParams(params), idempotencyKey(batch, node));
        Caller owner = owner(batch);
        List<ParamError> problems = jobs.problems(submission, owner);
        if (!problems.isEmpty()) {
            return Optional.of(unrun(batch, node, JobState.FAILED, invalid(problems)));
        }
        try {
            return Optional.of(jobs.submitWaiting(submission, owner).job());
        } catch (QueueFullException | ShuttingDownException e) {
            return Optional.empty();
        } catch (InvalidSubmissionException e) {
            return Optional.of(unrun(batch, node, JobState.FAILED, invalid(e.errors())));
        } catch (UnknownJobTypeException | NotPermittedException e) {
            return Optional.of(
                    unrun(batch, node, JobState.FAILED, new JobError(JobError.INVALID_PARAMS, e.getMessage())));
        } catch (IdempotencyConflictException e) {
            return store.find(e.existing()); // this run's job, made before with other params: it stands
        }
    }

    /** The job of a node that never runs: SKIPPED, or FAILED before it could start. */
    Job unrun(Batch batch, BatchNode node, JobState state, JobError error) {
        Submission submission = NodeChecks.submission(node.request(), idempotencyKey(batch, node));
        try {
            return unrun.record(submission, owner(batch), state, error).job();
        } catch (IdempotencyConflictException e) {
            return store.find(e.existing()).orElseThrow(() -> e);
        }
    }

    private static JobError invalid(List<ParamError> problems) {
        return new JobError(
                JobError.INVALID_PARAMS,
                problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
    }
}
