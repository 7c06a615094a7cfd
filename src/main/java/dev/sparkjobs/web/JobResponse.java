package dev.sparkjobs.web;

import dev.sparkjobs.batch.BatchLink;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.progress.JobCost;
import dev.sparkjobs.progress.JobProgress;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A job as the API shows it. */
@Schema(name = "Job", description = "A job and where it is in its life")
public record JobResponse(
        @Schema(example = "0b9f7c3e-2f0e-4d7e-9d5b-2b1f3f8f6a11") String id,
        @Schema(example = "sql") String type,
        String name,
        JobState state,
        @Schema(description = "The tenant the job belongs to", example = "default") String tenant,
        @Schema(
                        description = "The name of the caller who submitted it (an API key's name, a token's subject)",
                        example = "anonymous")
                String submittedBy,
        String pool,
        int priority,
        long timeoutSeconds,
        Map<String, String> tags,
        Map<String, Object> params,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant cancelRequestedAt,
        ErrorView error,
        @Schema(description = "The job type's result; for sql: columns, rows, rowCount, truncated, truncatedBy")
                Map<String, Object> result,
        @Schema(description = "The current attempt, from 1") int attempt,
        @Schema(description = "Attempts allowed after the first") int maxRetries,
        @Schema(description = "Which endings are retried") Set<RetryPolicy.RetryOn> retryOn,
        @Schema(description = "While QUEUED for a retry: the earliest time it starts") Instant notBefore,
        @Schema(description = "Earlier attempts that ended without success, oldest first") List<AttemptView> attempts,
        @Schema(
                        description =
                                "How far it got: its running attempt, or its last one once it ended; null before it"
                                        + " ever started, and in answers other than GET /api/v1/jobs/{id}")
                ProgressView progress,
        @Schema(
                        description =
                                "What its Spark work cost over every attempt: live while it runs, final once it ended;"
                                        + " null before an attempt ever ran, and in answers other than"
                                        + " GET /api/v1/jobs/{id}")
                CostView cost,
        @Schema(description = "Its share of the running capacity (1 for a typical job)") double weight,
        @Schema(description = "Tables it writes and how: declared at submit, and found by its type")
                List<TableWrite> writes,
        @Schema(
                        description = "While QUEUED behind another job's write of a table it writes",
                        example = "table sales.orders held by job 0b9f7c3e-2f0e-4d7e-9d5b-2b1f3f8f6a11 (OPTIMIZE)")
                String waitingFor,
        @Schema(
                        description = "Cancelled (reason ABANDONED) when nobody reads its status for this many seconds"
                                + " while QUEUED or RUNNING; null: never")
                Long cancelIfUnpolledSeconds,
        @Schema(
                        description = "Its callback and every delivery attempt: null when it asked for none, and in"
                                + " answers other than GET /api/v1/jobs/{id}")
                CallbackView callback,
        @Schema(
                        description = "The batch that started it: null when it is no batch's, and in answers other"
                                + " than GET /api/v1/jobs/{id}",
                        example = "5d4c3b2a-1f0e-4d7e-9d5b-2b1f3f8f6a11")
                String batchId,
        @Schema(description = "Its key in that batch; null when it is no batch's", example = "transform")
                String batchKey) {

    /** An earlier attempt of a retried job. */
    @Schema(name = "JobAttempt")
    public record AttemptView(
            int attempt,
            Instant startedAt,
            Instant endedAt,
            @Schema(description = "FAILED, TIMED_OUT, DRIVER_RESTART or DELTA_CONFLICT") String outcome,
            ErrorView error) {}

    /** Why a job did not succeed. */
    @Schema(name = "JobError")
    public record ErrorView(
            @Schema(
                            description = "Spark's error class, an exception name, CANCELLED, ABANDONED (cancelled:"
                                    + " nobody read its status for its cancelIfUnpolledSeconds), TIMED_OUT, NOT_STARTED,"
                                    + " DRIVER_RESTART (the service stopped or lost its lease while it ran) or"
                                    + " ATTEMPT_LOST (its end could not be recorded); for a job of a batch also SKIPPED"
                                    + " (its runIf could not hold or the batch stopped first), UNRESOLVED_REFERENCE,"
                                    + " INVALID_PARAMS (its params, once references were resolved), KEY_TAKEN (its"
                                    + " Idempotency-Key is held by a job the batch did not make), JOB_NOT_FOUND (in a"
                                    + " batch's view: its job no longer exists) or BATCH_STOPPED"
                                    + " (cancelled by its batch's fail-fast, cancel or timeout)",
                            example = "TABLE_OR_VIEW_NOT_FOUND")
                    String type,
            String message) {}

    static JobResponse of(Job job) {
        return of(job, null, null, null);
    }

    /**
     * @param progress how far it got, or null
     * @param cost what its Spark work cost, or null
     * @param waitingFor why the job waits for a table, or null
     */
    static JobResponse of(Job job, JobProgress progress, JobCost cost, String waitingFor) {
        var spec = job.spec();
        return new JobResponse(
                job.id().toString(),
                spec.type(),
                spec.name(),
                job.state(),
                job.owner().tenant(),
                job.owner().submittedBy(),
                spec.pool(),
                spec.priority(),
                spec.timeout().toSeconds(),
                spec.tags(),
                spec.params(),
                job.submittedAt(),
                job.startedAt(),
                job.finishedAt(),
                job.cancelRequestedAt(),
                error(job.error()),
                job.result(),
                job.attempt(),
                spec.retry().maxRetries(),
                new TreeSet<>(spec.retry().on()),
                job.notBefore(),
                job.attempts().stream()
                        .map(a ->
                                new AttemptView(a.number(), a.startedAt(), a.endedAt(), a.outcome(), error(a.error())))
                        .toList(),
                ProgressView.of(progress),
                CostView.of(cost),
                spec.weight(),
                spec.writes(),
                waitingFor,
                spec.cancelIfUnpolled() == null ? null : spec.cancelIfUnpolled().toSeconds(),
                null,
                null,
                null);
    }

    /**
     * This answer with what only GET /api/v1/jobs/{id} shows: the job's callback and the batch that
     * started it (each null when there is none).
     */
    JobResponse withLinks(CallbackView view, BatchLink link) {
        return new JobResponse(
                id,
                type,
                name,
                state,
                tenant,
                submittedBy,
                pool,
                priority,
                timeoutSeconds,
                tags,
                params,
                submittedAt,
                startedAt,
                finishedAt,
                cancelRequestedAt,
                error,
                result,
                attempt,
                maxRetries,
                retryOn,
                notBefore,
                attempts,
                progress,
                cost,
                weight,
                writes,
                waitingFor,
                cancelIfUnpolledSeconds,
                view,
                link == null ? null : link.batchId().toString(),
                link == null ? null : link.key());
    }

    private static ErrorView error(JobError e) {
        return e == null ? null : new ErrorView(e.type(), e.message());
    }
}
