package dev.sparkjobs.web;

import dev.sparkjobs.security.Caller;
import dev.sparkjobs.watch.EventsProperties;
import dev.sparkjobs.watch.JobWatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Routes a job's log and its event stream; every decision is the {@link JobWatch}'s. */
@RestController
@RequestMapping("/api/v1/jobs/{id}")
@Tag(name = "jobs")
class JobWatchController {

    /** The container's own limit stays behind the stream's, which ends it in order. */
    private static final Duration SSE_MARGIN = Duration.ofMinutes(1);

    private final JobWatch watch;
    private final Duration streamTimeout;

    JobWatchController(JobWatch watch, EventsProperties events) {
        this.watch = watch;
        this.streamTimeout = events.maxDuration().plus(SSE_MARGIN);
    }

    @GetMapping(path = "/logs", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "A job's log",
            description = "Lines the job logged on its thread (its own, the service's about it, Spark's driver lines"
                    + " at the levels configured), every attempt's, numbered from 0; readable while it runs. Read on"
                    + " with offset=nextOffset. At most jobservice.logs.max-lines-per-job lines are kept per job;"
                    + " the rest are counted in dropped.")
    @ApiResponse(responseCode = "200", description = "One page of lines")
    @ApiResponse(responseCode = "400", description = "offset or limit out of range")
    @ApiResponse(responseCode = "404", description = "No such job, or one of another tenant")
    JobLogResponse logs(
            @PathVariable String id,
            @Parameter(description = "The first line's seq, from 0") @RequestParam(defaultValue = "0") @Min(0)
                    long offset,
            @Parameter(description = "Lines at most, 1 to 1000") @RequestParam(defaultValue = "100") @Min(1) @Max(1000)
                    int limit,
            @Parameter(hidden = true) Caller caller) {
        return JobLogResponse.of(watch.logs(id, offset, limit, caller));
    }

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "A job's events, as server-sent events",
            description = "event: state, data: the job's summary (JobSummary), first as it is now and then on every"
                    + " change of its state; event: progress, data: its progress (JobProgress), at most every"
                    + " jobservice.events.progress-interval while it moves. The stream ends after the event of a"
                    + " final state (a job already final: one state event), or after jobservice.events.max-duration;"
                    + " reconnect to go on.")
    @ApiResponse(
            responseCode = "200",
            description = "The stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "No such job, or one of another tenant")
    @ApiResponse(
            responseCode = "503",
            description = "jobservice.events.max-streams are open",
            headers = @Header(name = "Retry-After", description = "Seconds to wait"))
    SseEmitter events(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return SseJobEvents.open(watch, id, caller, streamTimeout);
    }
}
