package dev.sparkjobs.web;

import dev.sparkjobs.batches.BatchService;
import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.watch.JobWatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Routes {@code /api/v1/jobs}; every decision is the {@link JobService}'s. */
@RestController
@RequestMapping(path = "/api/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "jobs", description = "Submit, watch, wait for and cancel jobs")
class JobController {

    private final JobService jobs;
    private final JobWatch watch;
    private final SubmittedCallbacks callbacks;
    private final BatchService batches;

    JobController(JobService jobs, JobWatch watch, SubmittedCallbacks callbacks, BatchService batches) {
        this.jobs = jobs;
        this.batches = batches;
        this.watch = watch;
        this.callbacks = callbacks;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Submit a job",
            description =
                    "Stores the job, then answers 202 with Location of its status monitor. With an Idempotency-Key"
                            + " already used for the same request: 200 and the original job; for a different request: 409.")
    @ApiResponse(
            responseCode = "202",
            description = "Accepted and queued",
            headers = {
                @Header(name = "Location", description = "The status monitor"),
                @Header(name = "Retry-After", description = "Seconds until a poll is worth it")
            })
    @ApiResponse(
            responseCode = "200",
            description = "The job an earlier request with this Idempotency-Key created",
            headers = {
                @Header(name = "Location", description = "The status monitor"),
                @Header(name = "Retry-After", description = "Seconds until a poll is worth it")
            })
    @ApiResponse(responseCode = "400", description = "Invalid body, unknown type, invalid params")
    @ApiResponse(responseCode = "409", description = "Idempotency-Key already used for a different request")
    @ApiResponse(responseCode = "413", description = "Body larger than 1 MiB")
    @ApiResponse(responseCode = "415", description = "Body is not application/json")
    @ApiResponse(
            responseCode = "429",
            description = "Queue full; retry after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait"))
    ResponseEntity<JobResponse> submit(
            @Valid @RequestBody SubmitJobRequest request,
            @Parameter(
                            description = "Makes retries safe: the same key returns the original job (1 to 128"
                                    + " characters, not starting batch: which is reserved for the jobs of batches)")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    @Size(min = 1, max = 128)
                    @PlainText
                    @NotReservedKey
                    String idempotencyKey,
            @Parameter(hidden = true) Caller caller) {
        var outcome = jobs.submit(request.toSubmission(idempotencyKey), callbacks.asked(request), caller);
        return JobResponses.submitted(outcome, jobs.statusRetryAfter());
    }

    @GetMapping("/{id}/status")
    @Operation(
            summary = "Status monitor for orchestrators",
            description = "202 with Retry-After and Location while QUEUED or RUNNING; 200 with the job when SUCCEEDED;"
                    + " 422 with a problem whose 'job' property holds the job when FAILED, CANCELLED, TIMED_OUT or"
                    + " SKIPPED;"
                    + " 404 for ids that never existed and for jobs of another tenant.")
    @ApiResponse(
            responseCode = "202",
            description = "Not finished yet",
            headers = {
                @Header(name = "Location", description = "This monitor"),
                @Header(name = "Retry-After", description = "Seconds until the next poll")
            },
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobResponse.class)))
    @ApiResponse(
            responseCode = "200",
            description = "Succeeded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "Failed, cancelled or timed out; the problem's 'job' property holds the job")
    @ApiResponse(responseCode = "404", description = "No such job, or one of another tenant")
    ResponseEntity<Object> status(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return JobResponses.status(jobs.get(id, caller), jobs.statusRetryAfter());
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "Get a job",
            description =
                    "With waitSeconds, answers when the job is final or after that many seconds, whichever is first.")
    @ApiResponse(responseCode = "200", description = "The job in whatever state it is")
    @ApiResponse(responseCode = "400", description = "waitSeconds out of range")
    @ApiResponse(responseCode = "404", description = "No such job, or one of another tenant")
    CompletableFuture<JobResponse> get(
            @PathVariable String id,
            @Parameter(description = "Seconds to wait for a final state, 0 to 60")
                    @RequestParam(defaultValue = "0")
                    @Min(0)
                    @Max(60)
                    int waitSeconds,
            @Parameter(hidden = true) Caller caller) {
        return jobs.await(id, Duration.ofSeconds(waitSeconds), caller).thenApply(job -> JobResponse.of(
                        job, watch.progress(job).orElse(null), watch.cost(job).orElse(null), jobs.waitingFor(job))
                .withLinks(callbacks.view(job), batches.linkOf(job).orElse(null)));
    }

    @GetMapping
    @Operation(
            summary = "List jobs, newest first",
            description = "Items are summaries: no params, result or earlier attempts; GET /api/v1/jobs/{id} has"
                    + " those. Filters combine with AND; repeated state and tag filters with OR and AND.")
    @ApiResponse(responseCode = "200", description = "One page")
    @ApiResponse(responseCode = "400", description = "Invalid filter, limit or cursor")
    JobListResponse list(
            @Parameter(description = "Repeat for jobs in any of several states") @RequestParam(required = false)
                    List<JobState> state,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String pool,
            @Parameter(description = "key:value; repeat to require several tags") @RequestParam(required = false)
                    List<String> tag,
            @Parameter(description = "Page size, 1 to 500") @RequestParam(defaultValue = "50") @Min(1) @Max(500)
                    int limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @Parameter(hidden = true) Caller caller) {
        return JobQueries.page(jobs.list(JobQueries.query(null, state, type, pool, tag, limit, cursor), caller));
    }

    @PostMapping("/{id}/cancel")
    @Operation(
            summary = "Cancel a job",
            description =
                    "QUEUED: cancelled at once (200). RUNNING: its Spark work is cancelled and its thread interrupted"
                            + " (202); it becomes CANCELLED when the work has stopped. Already final: 409.")
    @ApiResponse(
            responseCode = "200",
            description = "Cancelled (it was queued)",
            headers = @Header(name = "Location", description = "The status monitor"))
    @ApiResponse(
            responseCode = "202",
            description = "Cancel requested; poll the status monitor",
            headers = @Header(name = "Location", description = "The status monitor"))
    @ApiResponse(responseCode = "404", description = "No such job, or one of another tenant")
    @ApiResponse(responseCode = "409", description = "Already final")
    ResponseEntity<JobResponse> cancel(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return JobResponses.cancelled(jobs.cancel(id, caller));
    }
}
