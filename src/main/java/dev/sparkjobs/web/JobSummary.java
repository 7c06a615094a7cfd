package dev.sparkjobs.web;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * A job as a list shows it: what it is and where it is, without its params, result and earlier
 * attempts, which can each be large; a page of 500 jobs stays small. {@code GET /api/v1/jobs/{id}}
 * has the whole job.
 */
@Schema(name = "JobSummary", description = "A job without its params, result and earlier attempts")
public record JobSummary(
        @Schema(example = "0b9f7c3e-2f0e-4d7e-9d5b-2b1f3f8f6a11") String id,
        @Schema(example = "sql") String type,
        String name,
        JobState state,
        @Schema(example = "default") String tenant,
        @Schema(example = "anonymous") String submittedBy,
        String pool,
        int priority,
        Map<String, String> tags,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        JobResponse.ErrorView error,
        @Schema(description = "The current attempt, from 1") int attempt,
        @Schema(description = "While QUEUED for a retry: the earliest time it starts") Instant notBefore) {

    static JobSummary of(Job job) {
        var spec = job.spec();
        return new JobSummary(
                job.id().toString(),
                spec.type(),
                spec.name(),
                job.state(),
                job.owner().tenant(),
                job.owner().submittedBy(),
                spec.pool(),
                spec.priority(),
                spec.tags(),
                job.submittedAt(),
                job.startedAt(),
                job.finishedAt(),
                job.error() == null
                        ? null
                        : new JobResponse.ErrorView(
                                job.error().type(), job.error().message()),
                job.attempt(),
                job.notBefore());
    }
}
