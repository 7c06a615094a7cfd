package dev.sparkjobs.web;

import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batches.BatchView;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The HTTP shape of batch answers, the status monitor in particular: 202 while the batch runs, 200
 * when it succeeded, 422 with the batch inside a problem when it failed, was cancelled or timed out.
 */
final class BatchResponses {

    static final URI BATCH_NOT_SUCCEEDED = Problems.type("batch-not-succeeded");

    private BatchResponses() {}

    static URI statusUri(BatchView view) {
        return URI.create("/api/v1/batches/" + view.batch().id() + "/status");
    }

    /** The status monitor as the Location header gives it: absolute. */
    static URI statusLocation(BatchView view) {
        return Links.absolute(statusUri(view).toString());
    }

    /** 202 for a new batch (or a cancel or repair asked for), 200 for the batch an Idempotency-Key found. */
    static ResponseEntity<BatchResponse> accepted(BatchView view, Duration retryAfter) {
        return ResponseEntity.status(view.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(statusLocation(view))
                .header(HttpHeaders.RETRY_AFTER, seconds(retryAfter))
                .body(BatchResponse.of(view));
    }

    static ResponseEntity<Object> status(BatchView view, Duration retryAfter) {
        BatchState state = view.batch().state();
        if (state == BatchState.RUNNING) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(statusLocation(view))
                    .header(HttpHeaders.RETRY_AFTER, seconds(retryAfter))
                    .body(BatchResponse.of(view));
        }
        if (state == BatchState.SUCCEEDED) {
            return ResponseEntity.ok(BatchResponse.of(view));
        }
        BatchResponse batch = BatchResponse.of(view);
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        problem.setType(BATCH_NOT_SUCCEEDED);
        problem.setTitle("Batch " + state);
        problem.setDetail("batch ended " + state + ": " + batch.counts());
        problem.setInstance(statusUri(view));
        problem.setProperty("state", state);
        problem.setProperty("batch", batch);
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String seconds(Duration d) {
        return String.valueOf(Math.max(1, d.toSeconds()));
    }
}
