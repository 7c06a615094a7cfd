package dev.sparkjobs.web;

import dev.sparkjobs.execution.CancelOutcome;
import dev.sparkjobs.execution.SubmitOutcome;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobState;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The HTTP shape of job answers, in particular the status monitor that orchestrators poll: 202
 * while the job is not final, 200 when it succeeded, 422 with the job inside a problem when it
 * failed, was cancelled, timed out or was skipped by its batch.
 */
final class JobResponses {

    static final String JOBS = "/api/v1/jobs/";
    static final URI JOB_NOT_SUCCEEDED = URI.create("urn:spark-job-service:problem:job-not-succeeded");

    private JobResponses() {}

    static URI statusUri(Job job) {
        return URI.create(JOBS + job.id() + "/status");
    }

    /** The status monitor as the Location header gives it: absolute. */
    static URI statusLocation(Job job) {
        return Links.absolute(JOBS + job.id() + "/status");
    }

    static ResponseEntity<JobResponse> submitted(SubmitOutcome outcome, Duration retryAfter) {
        Job job = outcome.job();
        return ResponseEntity.status(outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(statusLocation(job))
                .header(HttpHeaders.RETRY_AFTER, seconds(retryAfter))
                .body(JobResponse.of(job));
    }

    static ResponseEntity<Object> status(Job job, Duration retryAfter) {
        if (!job.isTerminal()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(statusLocation(job))
                    .header(HttpHeaders.RETRY_AFTER, seconds(retryAfter))
                    .body(JobResponse.of(job));
        }
        if (job.state() == JobState.SUCCEEDED) {
            return ResponseEntity.ok(JobResponse.of(job));
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        problem.setType(JOB_NOT_SUCCEEDED);
        problem.setTitle("Job " + job.state());
        problem.setDetail(
                job.error() == null ? "job ended " + job.state() : job.error().message());
        problem.setInstance(statusUri(job));
        problem.setProperty("state", job.state());
        problem.setProperty("job", JobResponse.of(job));
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    static ResponseEntity<JobResponse> cancelled(CancelOutcome outcome) {
        return ResponseEntity.status(outcome.done() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(statusLocation(outcome.job()))
                .body(JobResponse.of(outcome.job()));
    }

    private static String seconds(Duration d) {
        return String.valueOf(Math.max(1, d.toSeconds()));
    }
}
