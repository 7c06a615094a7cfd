package dev.sparkjobs.web;

import dev.sparkjobs.execution.Submission;
import dev.sparkjobs.job.RetryPolicy.RetryOn;
import dev.sparkjobs.job.TableWrite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The body of {@code POST /api/v1/jobs}. Unknown fields are refused. */
@Schema(description = "A job to run", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record SubmitJobRequest(
        @Schema(
                        description = "The job type; see GET /api/v1/job-types",
                        example = "sql",
                        requiredMode = Schema.RequiredMode.REQUIRED)
                @NotBlank
                @Size(max = 64)
                @PlainText
                String type,
        @Schema(description = "A name for people and dashboards", example = "daily-orders") @Size(max = 200) @PlainText
                String name,
        @Schema(
                        description = "The job type's parameters; see GET /api/v1/job-types",
                        requiredMode = Schema.RequiredMode.REQUIRED)
                @NotNull
                @Size(min = 1, message = "must hold the job type's parameters")
                @WithoutNul
                Map<String, Object> params,
        @Schema(
                        description = "FAIR pool to run in; see GET /api/v1/admission",
                        example = "default",
                        defaultValue = "default")
                @Size(min = 1, max = 64)
                @PlainText
                String pool,
        @Schema(description = "Higher starts first; FIFO within a priority", example = "0", defaultValue = "0")
                @Min(-1000)
                @Max(1000)
                Integer priority,
        @Schema(
                        description =
                                "Seconds the job may run before the server cancels it (default from configuration)",
                        example = "600")
                @Min(1)
                @Max(31_536_000)
                Long timeoutSeconds,
        @Schema(description = "Labels to filter by, e.g. {\"team\": \"sales\"}") @Size(max = 32)
                Map<
                                @NotBlank @Size(max = 128) @Pattern(regexp = "[^:]*", message = "must not contain ':'")
                                @PlainText String,
                                @NotNull @Size(max = 256) @PlainText String>
                        tags,
        @Schema(
                        description =
                                "Attempts after the first when the job does not succeed (default from configuration;"
                                        + " 0 runs it once)",
                        example = "2")
                @Min(0)
                @Max(20)
                Integer maxRetries,
        @Schema(
                        description =
                                "Seconds before the first retry, doubled for each one after (capped, with jitter)",
                        example = "30")
                @Min(0)
                @Max(86_400)
                Long retryBackoffSeconds,
        @Schema(
                        description = "Which endings are retried (default: all four). DELTA_CONFLICT (a Delta commit"
                                + " conflict) is retried apart from maxRetries, and only for a job that is a single"
                                + " write (jobservice.retry.delta-conflicts)")
                @Size(max = 4)
                Set<@NotNull RetryOn> retryOn,
        @Schema(
                        description = "The job's share of the running capacity instead of its type's (see GET"
                                + " /api/v1/admission): from 0.05 to the smallest cap that applies; only an admin may"
                                + " go below the type's weight, e.g. 0.5")
                Double weight,
        @Schema(
                        description = "Tables the job writes, beyond those its type finds itself (sql finds them in"
                                + " its statements): a job does not start while another writes one of them in a"
                                + " conflicting way")
                @Size(max = 32)
                List<@NotNull @Valid WriteRequest> writes,
        @Schema(
                        description = "Cancel the job (reason ABANDONED) when nobody reads its status (GET, status,"
                                + " wait, events) for this many seconds while it is QUEUED or RUNNING: a backstop for"
                                + " callers that stop polling without cancelling. 0: never; default from"
                                + " configuration (off unless set)",
                        example = "300")
                @Min(0)
                @Max(31_536_000)
                Long cancelIfUnpolledSeconds,
        @Schema(description = "A POST to make when the job ends; see docs/callbacks.md") @Valid
                CallbackRequest callback,
        @Schema(
                        description = "Azure Data Factory Webhook activity's callback URL: POSTed {Output, StatusCode,"
                                + " Error} when the job ends",
                        example = "https://callbacks.example.com/webhook/abc?token=x")
                @Size(max = 4096)
                @PlainText
                String callBackUri) {

    /** Where and how to call back when the job ends. */
    @Schema(name = "JobCallbackRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record CallbackRequest(
            @Schema(
                            description = "An http or https URL that jobservice.callbacks allows",
                            example = "https://hooks.example.com/jobs",
                            requiredMode = Schema.RequiredMode.REQUIRED)
                    @NotBlank
                    @Size(max = 4096)
                    @PlainText
                    String url,
            @Schema(description = "Headers to send, e.g. Authorization; never shown back") @Size(max = 16)
                    Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 1024) String> headers,
            @Schema(
                            description = "Key of the X-Signature HMAC-SHA256 of the body; write-only",
                            accessMode = Schema.AccessMode.WRITE_ONLY)
                    @Size(min = 16, max = 256)
                    @PlainText
                    String secret) {}

    /** A table the job writes, and how. */
    @Schema(name = "DeclaredWrite", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record WriteRequest(
            @Schema(
                            description = "db.table, or delta.`/path`",
                            example = "sales.orders",
                            requiredMode = Schema.RequiredMode.REQUIRED)
                    @NotBlank
                    @Size(max = 256)
                    @PlainText
                    String table,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull TableWrite.Kind kind) {}

    Submission toSubmission(String idempotencyKey) {
        return new Submission(
                type,
                name,
                params,
                pool,
                priority,
                timeoutSeconds,
                tags,
                maxRetries,
                retryBackoffSeconds,
                retryOn,
                weight,
                writes == null
                        ? null
                        : writes.stream()
                                .map(w -> new TableWrite(w.table(), w.kind()))
                                .toList(),
                idempotencyKey,
                cancelIfUnpolledSeconds);
    }
}
