package dev.sparkjobs.job;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One job and where it is in its life. Immutable: each intent method returns the job after the
 * move, and every move goes through {@link #moveTo}, which refuses what {@link JobState} forbids.
 * Persisting the move is the store's compare-and-set of the old state against the new.
 */
public record Job(
        JobId id,
        JobSpec spec,
        JobState state,
        String owner,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant cancelRequestedAt,
        JobError error,
        Map<String, Object> result) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(submittedAt, "submittedAt");
        owner = owner == null ? "" : owner;
    }

    public static Job submitted(JobId id, JobSpec spec, String owner, Instant now) {
        return new Job(id, spec, JobState.QUEUED, owner, now, null, null, null, null, null);
    }

    public Job start(Instant now) {
        return moveTo(JobState.RUNNING, now, null, null);
    }

    public Job succeed(Map<String, Object> jobResult, Instant now) {
        return moveTo(JobState.SUCCEEDED, now, null, jobResult == null ? Map.of() : jobResult);
    }

    public Job fail(JobError why, Instant now) {
        return moveTo(JobState.FAILED, now, Objects.requireNonNull(why, "why"), null);
    }

    public Job cancel(Instant now) {
        return moveTo(JobState.CANCELLED, now, new JobError(JobError.CANCELLED, "cancelled on request"), null);
    }

    public Job timeOut(Instant now) {
        String message = "ran longer than its timeout of " + spec.timeout().toSeconds() + " s";
        return moveTo(JobState.TIMED_OUT, now, new JobError(JobError.TIMED_OUT, message), null);
    }

    /** Records that someone asked a running job to stop; the state stays RUNNING until it has. */
    public Job requestCancel(Instant now) {
        if (state != JobState.RUNNING) {
            throw new IllegalJobTransitionException(id, state, JobState.CANCELLED);
        }
        return new Job(id, spec, state, owner, submittedAt, startedAt, finishedAt, now, error, result);
    }

    public boolean isTerminal() {
        return state.isTerminal();
    }

    private Job moveTo(JobState target, Instant now, JobError why, Map<String, Object> jobResult) {
        if (!state.canMoveTo(target)) {
            throw new IllegalJobTransitionException(id, state, target);
        }
        Instant started = target == JobState.RUNNING ? now : startedAt;
        Instant finished = target.isTerminal() ? now : finishedAt;
        return new Job(id, spec, target, owner, submittedAt, started, finished, cancelRequestedAt, why, jobResult);
    }
}
