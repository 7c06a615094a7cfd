package dev.sparkjobs.web;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.CancelReason;
import dev.sparkjobs.batch.FailurePolicy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** A batch in a list: no jobs or edges (GET /api/v1/batches/{id} has those). */
@Schema(name = "BatchSummary")
public record BatchSummary(
        @Schema(example = "5d4c3b2a-1f0e-4d7e-9d5b-2b1f3f8f6a11") String id,
        String name,
        BatchState state,
        String tenant,
        String submittedBy,
        int concurrency,
        FailurePolicy failurePolicy,
        Long timeoutSeconds,
        Long cancelIfUnpolledSeconds,
        Instant submittedAt,
        Instant finishedAt,
        Instant cancelRequestedAt,
        CancelReason cancelReason,
        int repairs,
        @Schema(
                        description = "How many of its jobs are in each state, as its coordinator last saw them",
                        example = "{\"SUCCEEDED\": 2, \"PENDING\": 1}")
                Map<String, Integer> counts) {

    static BatchSummary of(Batch b, Map<String, Integer> counts) {
        return new BatchSummary(
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
                counts);
    }
}
