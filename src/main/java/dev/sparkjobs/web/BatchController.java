package dev.sparkjobs.web;

import dev.sparkjobs.batch.BatchQuery;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batches.BatchService;
import dev.sparkjobs.batches.BatchView;
import dev.sparkjobs.security.Caller;
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

/** Routes {@code /api/v1/batches}; every decision is the {@link BatchService}'s. */
@RestController
@RequestMapping(path = "/api/v1/batches", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "batches", description = "Run jobs as a DAG: dependencies, runIf, concurrency, result references, repair")
class BatchController {

    private final BatchService batches;
    private final SubmittedCallbacks callbacks;

    BatchController(BatchService batches, SubmittedCallbacks callbacks) {
        this.batches = batches;
        this.callbacks = callbacks;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Submit a batch",
            description = "Checks every job and the DAG, stores the batch, then answers 202 with Location of its"
                    + " status monitor. With an Idempotency-Key already used for the same request: 200 and the"
                    + " original batch; for a different request: 409.")
    @ApiResponse(
            responseCode = "202",
            description = "Accepted; its first jobs start shortly",
            headers = {
                @Header(name = "Location", description = "The status monitor"),
                @Header(name = "Retry-After", description = "Seconds until a poll is worth it")
            })
    @ApiResponse(
            responseCode = "200",
            description = "The batch an earlier request with this Idempotency-Key created",
            headers = {
                @Header(name = "Location", description = "The status monitor"),
                @Header(name = "Retry-After", description = "Seconds until a poll is worth it")
            })
    @ApiResponse(
            responseCode = "400",
            description = "Every problem at once, each with its field (jobs[3].dependsOn[0]): duplicate or unknown"
                    + " keys, cycles, bad result references, a job's invalid params, limits, a callback.url or"
                    + " callBackUri that jobservice.callbacks refuses")
    @ApiResponse(responseCode = "409", description = "Idempotency-Key already used for a different request")
    @ApiResponse(responseCode = "415", description = "Body is not application/json")
    ResponseEntity<BatchResponse> submit(
            @Valid @RequestBody SubmitBatchRequest request,
            @Parameter(
                            description =
                                    "Makes retries safe: the same key returns the original batch (1 to 128 characters)")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    @Size(min = 1, max = 128)
                    @PlainText
                    String idempotencyKey,
            @Parameter(hidden = true) Caller caller) {
        return BatchResponses.accepted(
                batches.submit(request.toSubmission(idempotencyKey), callbacks.asked(request), caller),
                batches.statusRetryAfter());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a batch", description = "The batch and each of its jobs as they are now.")
    @ApiResponse(responseCode = "200", description = "The batch in whatever state it is")
    @ApiResponse(responseCode = "404", description = "No such batch, or one of another tenant")
    BatchResponse get(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        BatchView view = batches.get(id, caller);
        return BatchResponse.of(view).withCallback(callbacks.view(view.batch().id()));
    }

    @GetMapping("/{id}/status")
    @Operation(
            summary = "Status monitor for orchestrators",
            description = "202 with Retry-After and Location while RUNNING; 200 with the batch when SUCCEEDED; 422"
                    + " with a problem whose 'batch' property holds the batch when FAILED, CANCELLED or TIMED_OUT;"
                    + " 404 for ids that never existed and for batches of another tenant.")
    @ApiResponse(
            responseCode = "202",
            description = "Still running",
            headers = {
                @Header(name = "Location", description = "This monitor"),
                @Header(name = "Retry-After", description = "Seconds until the next poll")
            },
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchResponse.class)))
    @ApiResponse(
            responseCode = "200",
            description = "Succeeded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "Failed, cancelled or timed out; the problem's 'batch' property holds the batch")
    @ApiResponse(responseCode = "404", description = "No such batch, or one of another tenant")
    ResponseEntity<Object> status(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return BatchResponses.status(batches.get(id, caller), batches.statusRetryAfter());
    }

    @GetMapping
    @Operation(
            summary = "List batches, newest first",
            description = "Items are summaries: no jobs or edges; GET /api/v1/batches/{id} has those.")
    @ApiResponse(responseCode = "200", description = "One page")
    @ApiResponse(responseCode = "400", description = "Invalid filter, limit or cursor")
    BatchListResponse list(
            @RequestParam(required = false) BatchState state,
            @Parameter(description = "Only batches of exactly this name") @RequestParam(required = false) String name,
            @Parameter(description = "Page size, 1 to 500") @RequestParam(defaultValue = "50") @Min(1) @Max(500)
                    int limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @Parameter(hidden = true) Caller caller) {
        BatchQuery query = new BatchQuery(null, state, name, limit, cursor == null ? null : JobQueries.decode(cursor));
        return BatchListResponse.of(batches.list(query, caller));
    }

    @PostMapping("/{id}/cancel")
    @Operation(
            summary = "Cancel a batch",
            description = "Its running jobs are cancelled and its pending ones skipped; it ends CANCELLED. Already"
                    + " ended: 409.")
    @ApiResponse(
            responseCode = "202",
            description = "Cancel requested; poll the status monitor",
            headers = {
                @Header(name = "Location", description = "The status monitor"),
                @Header(name = "Retry-After", description = "Seconds until a poll is worth it")
            })
    @ApiResponse(responseCode = "404", description = "No such batch, or one of another tenant")
    @ApiResponse(responseCode = "409", description = "Already ended")
    ResponseEntity<BatchResponse> cancel(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return BatchResponses.accepted(batches.cancel(id, caller), batches.statusRetryAfter());
    }

    @PostMapping("/{id}/repair")
    @Operation(
            summary = "Repair an ended batch",
            description = "Reruns, as new jobs, the jobs that FAILED, were CANCELLED, TIMED_OUT or SKIPPED, the"
                    + " jobs never started (PENDING), and every job downstream of them, judged by the jobs' states"
                    + " now; the batch runs again. Still running, jobs of it still stopping, or nothing to"
                    + " repair: 409.")
    @ApiResponse(
            responseCode = "202",
            description = "Repair started; poll the status monitor",
            headers = {
                @Header(name = "Location", description = "The status monitor"),
                @Header(name = "Retry-After", description = "Seconds until a poll is worth it")
            })
    @ApiResponse(responseCode = "404", description = "No such batch, or one of another tenant")
    @ApiResponse(
            responseCode = "409",
            description = "Still running, jobs of it still QUEUED or RUNNING (stopping), or every job succeeded")
    ResponseEntity<BatchResponse> repair(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return BatchResponses.accepted(batches.repair(id, caller), batches.statusRetryAfter());
    }
}
