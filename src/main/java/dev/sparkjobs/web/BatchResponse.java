package dev.sparkjobs.web;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.CancelReason;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.RunIf;
import dev.sparkjobs.batches.BatchView;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A batch as the API shows it. */
@Schema(name = "Batch", description = "A batch of jobs run as a DAG, and where each of them is")
public record BatchResponse(
        @Schema(example = "5d4c3b2a-1f0e-4d7e-9d5b-2b1f3f8f6a11") String id,
        @Schema(example = "daily-orders") String name,
        @Schema(description = "RUNNING until every job ended") BatchState state,
        @Schema(example = "default") String tenant,
        @Schema(description = "Who submitted it; its jobs are submitted as this caller", example = "anonymous")
                String submittedBy,
        @Schema(example = "8") int concurrency,
        FailurePolicy failurePolicy,
        @Schema(description = "Its limit in seconds; null: none", example = "3600") Long timeoutSeconds,
        @Schema(
                        description = "Seconds it may run unread before it is cancelled as ABANDONED; null: never",
                        example = "300")
                Long cancelIfUnpolledSeconds,
        Instant submittedAt,
        Instant finishedAt,
        Instant cancelRequestedAt,
        @Schema(
                        description = "Why it was asked to stop: REQUESTED (a caller's cancel) or ABANDONED (nobody"
                                + " read it for its cancelIfUnpolledSeconds); null while nobody did")
                CancelReason cancelReason,
        @Schema(description = "How many repairs reran part of it") int repairs,
        @Schema(
                        description = "Why it ended when it was not its jobs' doing: the service could not go on"
                                + " running it (its steps kept failing); null otherwise",
                        example = "its jobs cannot be started: ...")
                String error,
        @Schema(
                        description = "How many of its jobs are in each state (PENDING: not started yet)",
                        example = "{\"SUCCEEDED\": 1, \"RUNNING\": 1, \"PENDING\": 1}")
                Map<String, Integer> counts,
        @Schema(description = "Its jobs, in request order") List<BatchJobView> jobs,
        @Schema(description = "Its dependencies, from the job depended on to the one that waits") List<EdgeView> edges,
        @Schema(
                        description = "Its callback and every delivery attempt: null when it asked for none, and in"
                                + " every answer but GET /api/v1/batches/{id} (a callback's own body included)")
                CallbackView callback) {

    static final String PENDING = "PENDING";

    /** One job of a batch. */
    @Schema(name = "BatchJob")
    public record BatchJobView(
            @Schema(example = "transform") String key,
            @Schema(description = "The job of its current run; null while PENDING") String jobId,
            @Schema(
                            description = "PENDING (no job yet) or its job's state",
                            allowableValues = {
                                "PENDING",
                                "QUEUED",
                                "RUNNING",
                                "SUCCEEDED",
                                "FAILED",
                                "CANCELLED",
                                "TIMED_OUT",
                                "SKIPPED"
                            })
                    String state,
            List<String> dependsOn,
            RunIf runIf,
            @Schema(description = "Its run, from 1; each repair that reruns it adds one") int run,
            @Schema(description = "The jobs of its earlier runs, oldest first") List<String> earlierJobIds,
            @Schema(example = "sql") String type,
            String name,
            @Schema(description = "Why its job did not succeed; null otherwise") JobResponse.ErrorView error) {}

    /** A dependency: {@code to} waits for {@code from}. */
    @Schema(name = "BatchEdge")
    public record EdgeView(@Schema(example = "extract") String from, @Schema(example = "transform") String to) {}

    static BatchResponse of(BatchView view) {
        Batch b = view.batch();
        return new BatchResponse(
                b.id().toString(),
                b.name(),
                b.state(),
                b.owner().tenant(),
                b.owner().submittedBy(),
                b.concurrency(),
                b.failurePolicy(),
                b.timeout() == null ? null : b.timeout().toSeconds(),
                b.cancelIfUnpolled() == null ? null : b.cancelIfUnpolled().toSeconds(),
                b.submittedAt(),
                b.finishedAt(),
                b.cancelRequestedAt(),
                b.cancelReason(),
                b.repairs(),
                b.error(),
                counts(b, view),
                b.nodes().stream().map(n -> node(n, view)).toList(),
                view.edges().stream().map(e -> new EdgeView(e.from(), e.to())).toList(),
                null);
    }

    /** This answer with what only GET /api/v1/batches/{id} shows: the batch's callback. */
    BatchResponse withCallback(CallbackView view) {
        return new BatchResponse(
                id,
                name,
                state,
                tenant,
                submittedBy,
                concurrency,
                failurePolicy,
                timeoutSeconds,
                cancelIfUnpolledSeconds,
                submittedAt,
                finishedAt,
                cancelRequestedAt,
                cancelReason,
                repairs,
                error,
                counts,
                jobs,
                edges,
                view);
    }

    /** Jobs by state: each node's job's state now when it was read, else the node's as stored. */
    static Map<String, Integer> counts(Batch b, BatchView view) {
        Map<String, Integer> counts = new TreeMap<>();
        for (BatchNode n : b.nodes()) {
            JobState state = view == null ? n.state() : view.state(n);
            counts.merge(state == null ? PENDING : state.name(), 1, Integer::sum);
        }
        return counts;
    }

    private static BatchJobView node(BatchNode n, BatchView view) {
        JobError error = view.error(n);
        JobState state = view.state(n);
        return new BatchJobView(
                n.key(),
                n.jobId() == null ? null : n.jobId().toString(),
                state == null ? PENDING : state.name(),
                n.dependsOn(),
                n.runIf(),
                n.run(),
                n.earlierJobIds().stream().map(JobId::toString).toList(),
                n.request().type(),
                n.request().name(),
                error == null ? null : new JobResponse.ErrorView(error.type(), error.message()));
    }
}
