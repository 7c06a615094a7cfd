package dev.sparkjobs.web;

import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.NodeRequest;
import dev.sparkjobs.batch.RunIf;
import dev.sparkjobs.batches.BatchSubmission;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The body of {@code POST /api/v1/batches}. Unknown fields are refused. */
@Schema(
        description = "Jobs to run as a DAG: each starts when the jobs it depends on allow it (runIf), at most"
                + " concurrency of them at once; see docs/batches.md",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        example =
                """
                {"name": "daily-orders", "concurrency": 2, "failurePolicy": "FAIL_FAST", "jobs": [
                  {"key": "extract", "type": "sql", "params": {"sql": "SELECT count(*) AS n FROM range(10)"}},
                  {"key": "transform", "dependsOn": ["extract"], "type": "sql",
                   "params": {"sql": "SELECT ${jobs.extract.result.rows.0.0} * 2 AS doubled"}},
                  {"key": "report", "dependsOn": ["extract", "transform"], "runIf": "ALL_DONE", "type": "sql",
                   "params": {"sql": "SELECT 1 AS done"}}
                ]}""")
public record SubmitBatchRequest(
        @Schema(description = "A name for people and dashboards", example = "daily-orders") @Size(max = 200) @PlainText
                String name,
        @Schema(
                        description = "At most this many of the batch's jobs QUEUED or RUNNING at once",
                        example = "8",
                        defaultValue = "8")
                @Min(1)
                @Max(200)
                Integer concurrency,
        @Schema(
                        description = "CONTINUE: a failure affects only its downstream (through runIf). FAIL_FAST:"
                                + " the first failure cancels the running jobs and skips the pending ones",
                        defaultValue = "CONTINUE")
                FailurePolicy failurePolicy,
        @Schema(
                        description = "Seconds the whole batch may run; past them its jobs are cancelled or skipped"
                                + " and it ends TIMED_OUT. Absent: no limit",
                        example = "3600")
                @Min(1)
                @Max(604_800)
                Long timeoutSeconds,
        @Schema(
                        description = "Cancel the batch (cancelReason ABANDONED) when nobody reads it (GET, status)"
                                + " for this many seconds while it is RUNNING: a backstop for callers that stop"
                                + " polling without cancelling. Its jobs never are on their own. 0: never; default"
                                + " from configuration (jobservice.jobs.cancel-if-unpolled, off unless set)",
                        example = "300")
                @Min(0)
                @Max(31_536_000)
                Long cancelIfUnpolledSeconds,
        @Schema(
                        description = "The jobs, 1 to 1000; started in this order among those that may start",
                        requiredMode = Schema.RequiredMode.REQUIRED)
                @NotNull
                @Size(min = 1, max = 1000)
                List<@NotNull @Valid BatchJobRequest> jobs,
        @Schema(description = "A POST to make when the batch ends; see docs/callbacks.md") @Valid
                SubmitJobRequest.CallbackRequest callback,
        @Schema(
                        description = "Azure Data Factory Webhook activity's callback URL: POSTed {Output, StatusCode,"
                                + " Error} when the batch ends",
                        example = "https://callbacks.example.com/webhook/abc?token=x")
                @Size(max = 4096)
                @PlainText
                String callBackUri) {

    /** One job of the batch. */
    @Schema(name = "BatchJobRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record BatchJobRequest(
            @Schema(
                            description = "Unique in the batch; what dependsOn and result references name",
                            example = "transform",
                            requiredMode = Schema.RequiredMode.REQUIRED)
                    @NotNull
                    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
                    String key,
            @Schema(description = "Keys of the jobs this one waits for", example = "[\"extract\"]") @Size(max = 1000)
                    List<@NotNull @Size(max = 64) @PlainText String> dependsOn,
            @Schema(
                            description = "When it runs once its dependencies ended: ALL_SUCCESS (every one"
                                    + " succeeded), ALL_DONE (always), NONE_FAILED (none failed, skipped is fine),"
                                    + " AT_LEAST_ONE_FAILED; otherwise it is SKIPPED",
                            defaultValue = "ALL_SUCCESS")
                    RunIf runIf,
            @Schema(
                            description = "The job type; see GET /api/v1/job-types",
                            example = "sql",
                            requiredMode = Schema.RequiredMode.REQUIRED)
                    @NotBlank
                    @Size(max = 64)
                    @PlainText
                    String type,
            @Schema(description = "A name for people and dashboards", example = "transform-orders")
                    @Size(max = 200)
                    @PlainText
                    String name,
            @Schema(
                            description = "The job type's parameters. A string may hold ${jobs.<key>.result.<path>}:"
                                    + " a field of an upstream job's result, filled in when this job starts",
                            requiredMode = Schema.RequiredMode.REQUIRED)
                    @NotNull
                    @Size(min = 1, message = "must hold the job type's parameters")
                    @WithoutNul
                    Map<String, Object> params,
            @Schema(description = "FAIR pool to run in", example = "default") @Size(min = 1, max = 64) @PlainText
                    String pool,
            @Schema(description = "Higher starts first; FIFO within a priority", example = "0") @Min(-1000) @Max(1000)
                    Integer priority,
            @Schema(description = "Seconds the job may run", example = "600") @Min(1) @Max(31_536_000)
                    Long timeoutSeconds,
            @Schema(description = "Labels to filter by") @Size(max = 32)
                    Map<
                                    @NotBlank @Size(max = 128)
                                    @Pattern(regexp = "[^:]*", message = "must not contain ':'") @PlainText String,
                                    @NotNull @Size(max = 256) @PlainText String>
                            tags,
            @Schema(description = "Attempts after the first when the job does not succeed", example = "2")
                    @Min(0)
                    @Max(20)
                    Integer maxRetries,
            @Schema(description = "Seconds before the first retry", example = "30") @Min(0) @Max(86_400)
                    Long retryBackoffSeconds,
            @Schema(description = "Which endings are retried") @Size(max = 4) Set<@NotNull RetryOn> retryOn,
            @Schema(description = "The job's share of the running capacity instead of its type's") Double weight,
            @Schema(description = "Tables the job writes, beyond those its type finds itself") @Size(max = 32)
                    List<SubmitJobRequest.@NotNull @Valid WriteRequest> writes) {

        BatchSubmission.Node toNode() {
            return new BatchSubmission.Node(
                    key,
                    dependsOn,
                    runIf,
                    new NodeRequest(
                            type,
                            name,
                            params,
                            pool,
                            priority,
                            timeoutSeconds,
                            tags,
                            maxRetries,
                            retryBackoffSeconds,
                            // in a fixed order, so that the same request has the same fingerprint
                            retryOn == null || retryOn.isEmpty() ? retryOn : EnumSet.copyOf(retryOn),
                            weight,
                            writes == null
                                    ? null
                                    : writes.stream()
                                            .map(w -> new TableWrite(w.table(), w.kind()))
                                            .toList()));
        }
    }

    BatchSubmission toSubmission(String idempotencyKey) {
        return new BatchSubmission(
                name,
                concurrency,
                failurePolicy,
                timeoutSeconds,
                cancelIfUnpolledSeconds,
                jobs.stream().map(BatchJobRequest::toNode).toList(),
                idempotencyKey);
    }
}
