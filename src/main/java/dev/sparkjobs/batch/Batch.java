package dev.sparkjobs.batch;

import dev.sparkjobs.job.JobOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A batch as stored: who submitted it (its jobs are submitted as that caller, with the roles it had),
 * its limits, where it is, and its nodes in request order.
 *
 * @param roles the submitter's role names, so that the coordinator can act for it later
 * @param timeout the whole batch's limit; null: none
 * @param repairs how many repairs reran part of it
 * @param cancelIfUnpolled how long it may run with nobody reading it before it is cancelled as
 *     ABANDONED; null: forever
 * @param lastReadAt its last read as written to the store (reads reach it in batches); null: none yet
 * @param cancelReason why a cancel was asked for; null while none was
 * @param runStartedAt when its current run began, what its {@code timeout} counts from: its submit, or
 *     its latest repair
 * @param error why the coordinator ended it when it could not step it (its steps kept failing); null
 *     otherwise
 */
public record Batch(
        BatchId id,
        String name,
        JobOwner owner,
        Set<String> roles,
        BatchState state,
        int concurrency,
        FailurePolicy failurePolicy,
        Duration timeout,
        Instant submittedAt,
        Instant finishedAt,
        Instant cancelRequestedAt,
        int repairs,
        List<BatchNode> nodes,
        Duration cancelIfUnpolled,
        Instant lastReadAt,
        CancelReason cancelReason,
        Instant runStartedAt,
        String error) {

    /** A batch whose run began when it was submitted (never repaired). */
    public Batch(
            BatchId id,
            String name,
            JobOwner owner,
            Set<String> roles,
            BatchState state,
            int concurrency,
            FailurePolicy failurePolicy,
            Duration timeout,
            Instant submittedAt,
            Instant finishedAt,
            Instant cancelRequestedAt,
            int repairs,
            List<BatchNode> nodes,
            Duration cancelIfUnpolled,
            Instant lastReadAt,
            CancelReason cancelReason) {
        this(
                id,
                name,
                owner,
                roles,
                state,
                concurrency,
                failurePolicy,
                timeout,
                submittedAt,
                finishedAt,
                cancelRequestedAt,
                repairs,
                nodes,
                cancelIfUnpolled,
                lastReadAt,
                cancelReason,
                null,
                null);
    }

    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(submittedAt, "submittedAt");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        failurePolicy = failurePolicy == null ? FailurePolicy.CONTINUE : failurePolicy;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        if (cancelIfUnpolled != null && (cancelIfUnpolled.isNegative() || cancelIfUnpolled.isZero())) {
            throw new IllegalArgumentException("cancelIfUnpolled must be positive, not " + cancelIfUnpolled);
        }
        runStartedAt = runStartedAt == null ? submittedAt : runStartedAt;
        if (cancelRequestedAt != null && cancelReason == null) {
            cancelReason = CancelReason.REQUESTED;
        }
    }

    /** A batch that may run unread forever. */
    public static Batch submitted(
            BatchId id,
            String name,
            JobOwner owner,
            Set<String> roles,
            int concurrency,
            FailurePolicy failurePolicy,
            Duration timeout,
            Instant now,
            List<BatchNode> nodes) {
        return submitted(id, name, owner, roles, concurrency, failurePolicy, timeout, null, now, nodes);
    }

    public static Batch submitted(
            BatchId id,
            String name,
            JobOwner owner,
            Set<String> roles,
            int concurrency,
            FailurePolicy failurePolicy,
            Duration timeout,
            Duration cancelIfUnpolled,
            Instant now,
            List<BatchNode> nodes) {
        return new Batch(
                id,
                name,
                owner,
                roles,
                BatchState.RUNNING,
                concurrency,
                failurePolicy,
                timeout,
                now,
                null,
                null,
                0,
                nodes,
                cancelIfUnpolled,
                null,
                null);
    }

    /** The same batch with other nodes. */
    public Batch withNodes(List<BatchNode> others) {
        return new Batch(
                id,
                name,
                owner,
                roles,
                state,
                concurrency,
                failurePolicy,
                timeout,
                submittedAt,
                finishedAt,
                cancelRequestedAt,
                repairs,
                others,
                cancelIfUnpolled,
                lastReadAt,
                cancelReason,
                runStartedAt,
                error);
    }

    /** When the batch times out: its {@code timeout} after its run began; null without a timeout. */
    public Instant deadline() {
        return timeout == null ? null : runStartedAt.plus(timeout);
    }

    public boolean isTerminal() {
        return state.isTerminal();
    }

    public BatchNode node(String key) {
        return nodes.stream()
                .filter(n -> n.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + key));
    }
}
