package dev.sparkjobs.web;

import dev.sparkjobs.job.JobState;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * The contract's description of every error body; documentation only (the advice builds a {@link
 * org.springframework.http.ProblemDetail}). The RFC 9457 members, then this service's extensions,
 * each present only on the problems named in its description.
 */
@Schema(
        name = "Problem",
        description = "An RFC 9457 problem; clients switch on 'type'. Extension members appear where they apply.")
record ProblemSchema(
        @Schema(
                        requiredMode = RequiredMode.REQUIRED,
                        format = "uri-reference",
                        example = "urn:spark-job-service:problem:invalid-request",
                        description = "What kind of problem; urn:spark-job-service:problem:<name>")
                String type,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "Invalid request") String title,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "400", minimum = "400", maximum = "599") int status,
        @Schema(
                        requiredMode = RequiredMode.REQUIRED,
                        description = "What went wrong, for people",
                        example = "Invalid params.maxRows: must be from 1 to 10000, was 0.")
                String detail,
        @Schema(format = "uri-reference", description = "The request path") String instance,
        @Schema(description = "invalid-request, malformed-body: one entry per field or query parameter at fault")
                List<FieldProblem> errors,
        @Schema(description = "unknown-job-type: the types that exist") List<String> knownTypes,
        @Schema(description = "idempotency-key-reused: the job the key belongs to") String existingJobId,
        @Schema(description = "queue-full: the queue's capacity") Integer maxQueued,
        @Schema(description = "queue-full, when the tenant's own cap refused it: the tenant", example = "team-a")
                String tenant,
        @Schema(description = "queue-full, when the tenant's own cap refused it: that cap") Integer limit,
        @Schema(description = "forbidden: the role the operation needs", example = "submitter") String requiredRole,
        @Schema(description = "job-already-finished, job-not-succeeded: the job's final state") JobState state,
        @Schema(description = "job-not-succeeded (the status monitor's 422): the job") JobResponse job,
        @Schema(
                        description = "sql-refused: the guardrail rule, e.g. file-relation, location, reflection,"
                                + " set-config, parse-error",
                        example = "reflection")
                String rule,
        @Schema(
                        types = {"integer", "null"},
                        format = "int32",
                        description = "sql-refused: the 0-based index in params.statements; null for params.sql")
                Integer statement) {

    /** One field or query parameter at fault. */
    @Schema(name = "FieldError")
    record FieldProblem(
            @Schema(
                            requiredMode = RequiredMode.REQUIRED,
                            example = "params.maxRows",
                            description = "Path of the field or name of the query parameter or header")
                    String field,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "must be from 1 to 10000, was 0") String message) {}
}
