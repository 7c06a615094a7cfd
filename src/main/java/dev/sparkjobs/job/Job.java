package dev.sparkjobs.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One job and where it is in its life. Immutable: each intent method returns the job after the
 * move, and every move goes through {@link #moveTo}, which refuses what {@link JobState} forbids.
 * Persisting the move is the store's compare-and-set of the old state against the new.
 *
 * @param owner the tenant the job belongs to and who submitted it
 * @param runBy the service instance that runs (or last ran) the current attempt; null before it starts
 * @param cancelReason why the cancel at {@code cancelRequestedAt} was asked ({@link JobError#CANCELLED},
 *     {@link JobError#ABANDONED} or {@link JobError#BATCH_STOPPED}), so that however the attempt then
 *     ends, it ends with that reason
 */
public record Job(
        JobId id,
        JobSpec spec,
        JobState state,
        JobOwner owner,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant cancelRequestedAt,
        JobError error,
        Map<String, Object> result,
        int attempt,
        Instant notBefore,
        List<Attempt> attempts,
        String runBy,
        String cancelReason) {

    /** A job with no cancel reason: none was asked, or it was asked on request. */
    public Job(
            JobId id,
            JobSpec spec,
            JobState state,
            JobOwner owner,
            Instant submittedAt,
            Instant startedAt,
            Instant finishedAt,
            Instant cancelRequestedAt,
            JobError error,
            Map<String, Object> result,
            int attempt,
            Instant notBefore,
            List<Attempt> attempts,
            String runBy) {
        this(
                id,
                spec,
                state,
                owner,
                submittedAt,
                startedAt,
                finishedAt,
                cancelRequestedAt,
                error,
                result,
                attempt,
                notBefore,
                attempts,
                runBy,
                cancelRequestedAt == null ? null : JobError.CANCELLED);
    }

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(submittedAt, "submittedAt");
        owner = owner == null ? JobOwner.DEFAULT : owner;
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        if (attempt < 1 && !(attempt == 0 && state.isTerminal() && startedAt == null)) {
            throw new IllegalArgumentException("attempts count from 1 (0 only for a job that never ran)");
        }
    }

    public static Job submitted(JobId id, JobSpec spec, JobOwner owner, Instant now) {
        return new Job(id, spec, JobState.QUEUED, owner, now, null, null, null, null, null, 1, null, List.of(), null);
    }

    /**
     * A job that never ran and never will: born in its final state (SKIPPED, or FAILED because it could
     * not be started, e.g. its params could not be made whole), so that whoever decided it still has a
     * job record to point at. Submitted and finished at {@code now}, attempt 0.
     */
    public static Job unrun(JobId id, JobSpec spec, JobOwner owner, Instant now, JobState terminal, JobError error) {
        if (!Objects.requireNonNull(terminal, "terminal").isTerminal() || terminal == JobState.SUCCEEDED) {
            throw new IllegalArgumentException("a job that never ran ends unsuccessful, not " + terminal);
        }
        return new Job(
                id,
                spec,
                terminal,
                owner,
                now,
                null,
                now,
                null,
                Objects.requireNonNull(error, "error"),
                null,
                0,
                null,
                List.of(),
                null);
    }

    /**
     * Ends this attempt and queues the next: back to QUEUED, not to start before {@code now + delay}.
     * The attempt that ended is kept in {@link #attempts}, with its times, why it ended and its error.
     */
    public Job retry(RetryPolicy.RetryOn cause, JobError why, Instant now, Duration delay) {
        if (!state.canMoveTo(JobState.QUEUED)) {
            throw new IllegalJobTransitionException(id, state, JobState.QUEUED);
        }
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(new Attempt(attempt, startedAt, now, cause.name(), why));
        return new Job(
                id,
                spec,
                JobState.QUEUED,
                owner,
                submittedAt,
                null,
                null,
                null,
                null,
                null,
                attempt + 1,
                now.plus(delay),
                all,
                null);
    }

    /** The same job with its ended attempts, as a store reads them back. */
    public Job withAttempts(List<Attempt> ended) {
        return new Job(
                id,
                spec,
                state,
                owner,
                submittedAt,
                startedAt,
                finishedAt,
                cancelRequestedAt,
                error,
                result,
                attempt,
                notBefore,
                ended,
                runBy,
                cancelReason);
    }

    /**
     * What follows the end of this running attempt: the next attempt, queued until its backoff from
     * {@code ended.finishedAt()} is over, when the retry policy allows one; otherwise the end itself.
     *
     * @param ended this job after its attempt ended (any final state)
     * @param random a number in [0, 1): the backoff's jitter
     */
    public Job afterAttempt(Job ended, double random) {
        Optional<RetryPolicy.RetryOn> cause = ended.retryCause();
        if (cause.isEmpty()) {
            return ended;
        }
        if (cause.get() == RetryPolicy.RetryOn.DELTA_CONFLICT) {
            int conflict = conflictsSoFar() + 1;
            if (spec.retry().retriesConflict(conflict)) {
                return retry(
                        cause.get(),
                        ended.error(),
                        ended.finishedAt(),
                        spec.retry().delayAfterConflict(conflict, random));
            }
            cause = Optional.of(RetryPolicy.RetryOn.FAILED); // out of conflict retries: a failure like any other
        }
        if (!mayRetry(cause.get())) {
            return ended;
        }
        return retry(
                cause.get(), ended.error(), ended.finishedAt(), spec.retry().delayBefore(attempt + 1, random));
    }

    /** Earlier attempts of this job that ended in a Delta conflict. */
    private int conflictsSoFar() {
        return (int) attempts.stream()
                .filter(a -> RetryPolicy.RetryOn.DELTA_CONFLICT.name().equals(a.outcome()))
                .count();
    }

    /**
     * What follows this RUNNING attempt when its work was lost ({@code lost}: this job ended by {@link
     * #lostWithDriver} or {@link #lostAttempt}): CANCELLED, never retried, when a cancel had been asked
     * for; otherwise {@code lost}, or the next attempt when the policy retries {@code DRIVER_RESTART}.
     */
    public Job endLostAttempt(Job lost, double random) {
        Job ended = cancelRequestedAt != null ? cancelAsAsked(lost.finishedAt()) : lost;
        return afterAttempt(ended, random);
    }

    /** How this ended job ended, in the terms of a retry policy; empty when that is never retried. */
    public Optional<RetryPolicy.RetryOn> retryCause() {
        return switch (state) {
            case TIMED_OUT -> Optional.of(RetryPolicy.RetryOn.TIMED_OUT);
            case FAILED -> {
                if (error != null && error.workLost()) {
                    yield Optional.of(RetryPolicy.RetryOn.DRIVER_RESTART);
                }
                yield Optional.of(
                        error != null && JobError.DELTA_CONFLICT.equals(error.type())
                                ? RetryPolicy.RetryOn.DELTA_CONFLICT
                                : RetryPolicy.RetryOn.FAILED);
            }
            default -> Optional.empty();
        };
    }

    /** The retry policy allows another attempt after this one ended by {@code cause}. */
    public boolean mayRetry(RetryPolicy.RetryOn cause) {
        return spec.retry().retries(attempt, cause);
    }

    /**
     * This attempt starts on the service instance {@code instance}; the store refuses the move unless that
     * instance holds the driver lease, and records it as the attempt's {@link #runBy}.
     */
    public Job start(Instant now, String instance) {
        return moveTo(JobState.RUNNING, now, null, null, Objects.requireNonNull(instance, "instance"));
    }

    public Job succeed(Map<String, Object> jobResult, Instant now) {
        return moveTo(JobState.SUCCEEDED, now, null, jobResult == null ? Map.of() : jobResult);
    }

    public Job fail(JobError why, Instant now) {
        return fail(why, null, now);
    }

    /** Fails the job, keeping what its work did before it failed ({@code partial}; null for nothing). */
    public Job fail(JobError why, Map<String, Object> partial, Instant now) {
        return moveTo(JobState.FAILED, now, Objects.requireNonNull(why, "why"), partial);
    }

    public Job cancel(Instant now) {
        return moveTo(JobState.CANCELLED, now, new JobError(JobError.CANCELLED, "cancelled on request"), null);
    }

    /**
     * Cancels the job because nobody read its status for its {@link JobSpec#cancelIfUnpolled}: a caller
     * that stopped polling (a cancelled pipeline, a killed task) no longer wants the result.
     */
    public Job abandon(Instant now) {
        Duration unread = spec.cancelIfUnpolled();
        String message = "cancelled: nobody read its status for "
                + (unread == null ? "longer than allowed" : unread.toSeconds() + " s") + " (cancelIfUnpolledSeconds)";
        return moveTo(JobState.CANCELLED, now, new JobError(JobError.ABANDONED, message), null);
    }

    /** Cancels the job because its batch stopped it (fail-fast, the batch's cancel or timeout). */
    public Job stopByBatch(Instant now) {
        return moveTo(JobState.CANCELLED, now, new JobError(JobError.BATCH_STOPPED, "cancelled by its batch"), null);
    }

    public Job timeOut(Instant now) {
        String message = "ran longer than its timeout of " + spec.timeout().toSeconds() + " s";
        return moveTo(JobState.TIMED_OUT, now, new JobError(JobError.TIMED_OUT, message), null);
    }

    /**
     * The driver this job ran on is gone (a crash or a restart found it RUNNING) or is going (a
     * shutdown stopped it after the drain): its Spark work is lost and cannot be re-attached.
     */
    public Job lostWithDriver(String how, Instant now) {
        return moveTo(
                JobState.FAILED,
                now,
                new JobError(JobError.DRIVER_RESTART, how + "; the job's Spark work was lost with the driver"),
                null);
    }

    /**
     * The attempt's thread is gone but its end was never recorded (the store refused or could not be
     * reached for longer than the write retry, or the thread died): its outcome is unknown.
     */
    public Job lostAttempt(Instant now) {
        return moveTo(
                JobState.FAILED,
                now,
                new JobError(
                        JobError.ATTEMPT_LOST,
                        "the attempt ended on " + runBy + " but how it ended was never recorded; its Spark work"
                                + " may or may not have completed"),
                null);
    }

    /** Records that someone asked a running job to stop; the state stays RUNNING until it has. */
    public Job requestCancel(Instant now) {
        return requestCancel(now, JobError.CANCELLED);
    }

    /** As {@link #requestCancel(Instant)}, because nobody read the job's status: it ends ABANDONED. */
    public Job requestAbandon(Instant now) {
        return requestCancel(now, JobError.ABANDONED);
    }

    /** As {@link #requestCancel(Instant)}, because its batch stopped it: it ends BATCH_STOPPED. */
    public Job requestStopByBatch(Instant now) {
        return requestCancel(now, JobError.BATCH_STOPPED);
    }

    /** Ends the job CANCELLED for the reason its cancel was asked (on request when none is known). */
    public Job cancelAsAsked(Instant now) {
        if (JobError.ABANDONED.equals(cancelReason)) {
            return abandon(now);
        }
        return JobError.BATCH_STOPPED.equals(cancelReason) ? stopByBatch(now) : cancel(now);
    }

    private Job requestCancel(Instant now, String reason) {
        if (state != JobState.RUNNING) {
            throw new IllegalJobTransitionException(id, state, JobState.CANCELLED);
        }
        return new Job(
                id,
                spec,
                state,
                owner,
                submittedAt,
                startedAt,
                finishedAt,
                now,
                error,
                result,
                attempt,
                notBefore,
                attempts,
                runBy,
                reason);
    }

    public boolean isTerminal() {
        return state.isTerminal();
    }

    private Job moveTo(JobState target, Instant now, JobError why, Map<String, Object> jobResult) {
        return moveTo(target, now, why, jobResult, runBy);
    }

    private Job moveTo(JobState target, Instant now, JobError why, Map<String, Object> jobResult, String instance) {
        if (!state.canMoveTo(target)) {
            throw new IllegalJobTransitionException(id, state, target);
        }
        Instant started = target == JobState.RUNNING ? now : startedAt;
        Instant finished = target.isTerminal() ? now : finishedAt;
        return new Job(
                id,
                spec,
                target,
                owner,
                submittedAt,
                started,
                finished,
                cancelRequestedAt,
                why,
                jobResult,
                attempt,
                null,
                attempts,
                target == JobState.RUNNING ? instance : runBy,
                cancelReason);
    }
}
