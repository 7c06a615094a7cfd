package dev.sparkjobs.web;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** A job as the API shows it. */
@Schema(name = "Job", description = "A job and where it is in its life")
public record JobResponse(
        @Schema(example = "0b9f7c3e-2f0e-4d7e-9d5b-2b1f3f8f6a11") String id,
        @Schema(example = "sql") String type,
        String name,
        JobState state,
        @Schema(description = "Who submitted it; empty until authentication exists") String owner,
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
        @Schema(description = "The job type's result; for sql: columns, rows, rowCount, truncated")
                Map<String, Object> result) {

    /** Why a job did not succeed. */
    @Schema(name = "JobError")
    public record ErrorView(
            @Schema(
                            description = "Spark's error class, an exception name, CANCELLED or TIMED_OUT",
                            example = "TABLE_OR_VIEW_NOT_FOUND")
                    String type,
            String message) {}

    static JobResponse of(Job job) {
        var spec = job.spec();
        return new JobResponse(
                job.id().toString(),
                spec.type(),
                spec.name(),
                job.state(),
                job.owner(),
                spec.pool(),
                spec.priority(),
                spec.timeout().toSeconds(),
                spec.tags(),
                spec.params(),
                job.submittedAt(),
                job.startedAt(),
                job.finishedAt(),
                job.cancelRequestedAt(),
                job.error() == null
                        ? null
                        : new ErrorView(job.error().type(), job.error().message()),
                job.result());
    }
}
