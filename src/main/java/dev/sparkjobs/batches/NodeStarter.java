package dev.sparkjobs.batches;

import dev.sparkjobs.admission.QueueFullException;
import dev.sparkjobs.admission.ShuttingDownException;
import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchLink;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchStore;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.batch.ResultReferences;
import dev.sparkjobs.execution.IdempotencyConflictException;
import dev.sparkjobs.execution.InvalidSubmissionException;
import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.execution.NotPermittedException;
import dev.sparkjobs.execution.Submission;
import dev.sparkjobs.execution.SubmitOutcome;
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
 * on its node finds the same job again instead of making a second. No caller may submit a job with
 * such a key (the API refuses it); a job found under it is still taken only when the batch made it:
 * submitted as the batch's owner and linked to no other node.
 */
@Component
class NodeStarter {

    private final JobService jobs;
    private final UnrunJobs unrun;
    private final JobStore store;
    private final BatchStore batches;

    NodeStarter(JobService jobs, UnrunJobs unrun, JobStore store, BatchStore batches) {
        this.jobs = jobs;
        this.unrun = unrun;
        this.store = store;
        this.batches = batches;
    }

    static String idempotencyKey(Batch batch, BatchNode node) {
        return batch.id().jobKey(node.key(), node.run());
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
            SubmitOutcome outcome = jobs.submitWaiting(submission, owner);
            return Optional.of(outcome.created() ? outcome.job() : taken(batch, node, outcome.job()));
        } catch (QueueFullException | ShuttingDownException e) {
            return Optional.empty();
        } catch (InvalidSubmissionException e) {
            return Optional.of(unrun(batch, node, JobState.FAILED, invalid(e.errors())));
        } catch (UnknownJobTypeException | NotPermittedException e) {
            return Optional.of(
                    unrun(batch, node, JobState.FAILED, new JobError(JobError.INVALID_PARAMS, e.getMessage())));
        } catch (IdempotencyConflictException e) {
            // this run's job, made before with other params, stands; one the batch did not make does not
            return store.find(e.existing()).map(found -> taken(batch, node, found));
        }
    }

    /** The job found under the node's key when the batch made it, else the node's job FAILED for it. */
    private Job taken(Batch batch, BatchNode node, Job found) {
        if (madeFor(batch, node, found)) {
            return found;
        }
        String message = "the Idempotency-Key " + idempotencyKey(batch, node) + " of this job is held by job "
                + found.id() + ", which this batch did not make (submitted by "
                + found.owner().submittedBy()
                + "): it is not taken as this job";
        return unrunWithoutKey(batch, node, JobState.FAILED, new JobError(JobError.KEY_TAKEN, message));
    }

    /**
     * Whether the batch made {@code job} for this node: submitted as the batch's owner, and linked to
     * this node or to nothing yet (made just before a stop that kept it from being recorded).
     */
    private boolean madeFor(Batch batch, BatchNode node, Job job) {
        if (!job.owner().equals(batch.owner())) {
            return false;
        }
        return batches.linkOf(job.id())
                .map(link -> link.equals(new BatchLink(batch.id(), node.key())))
                .orElse(true);
    }

    /** The job of a node that never runs: SKIPPED, or FAILED before it could start. */
    Job unrun(Batch batch, BatchNode node, JobState state, JobError error) {
        Submission submission = NodeChecks.submission(node.request(), idempotencyKey(batch, node));
        Job found;
        try {
            SubmitOutcome outcome = unrun.record(submission, owner(batch), state, error);
            if (outcome.created()) {
                return outcome.job();
            }
            found = outcome.job();
        } catch (IdempotencyConflictException e) {
            found = store.find(e.existing()).orElseThrow(() -> e);
        }
        return madeFor(batch, node, found) ? found : unrunWithoutKey(batch, node, state, error);
    }

    /** A job that never runs, without the node's key (someone else holds it). */
    private Job unrunWithoutKey(Batch batch, BatchNode node, JobState state, JobError error) {
        return unrun.record(NodeChecks.submission(node.request(), null), owner(batch), state, error)
                .job();
    }

    private static JobError invalid(List<ParamError> problems) {
        return new JobError(
                JobError.INVALID_PARAMS,
                problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
    }
}
