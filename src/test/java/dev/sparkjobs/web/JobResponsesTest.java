package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

class JobResponsesTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final JobSpec SPEC =
            new JobSpec("sql", "n", Map.of("sql", "SELECT 1"), "default", 0, Duration.ofSeconds(30), Map.of());

    @Test
    void aJobSkippedByItsBatchIsNotASuccessToTheStatusMonitor() {
        JobError why = new JobError(JobError.SKIPPED, "runIf ALL_SUCCESS cannot hold: extract FAILED");
        Job skipped = Job.unrun(JobId.random(), SPEC, null, T0, JobState.SKIPPED, why);

        var response = JobResponses.status(skipped, Duration.ofSeconds(5));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody()).isInstanceOfSatisfying(ProblemDetail.class, problem -> {
            assertThat(problem.getType()).isEqualTo(JobResponses.JOB_NOT_SUCCEEDED);
            assertThat(problem.getTitle()).isEqualTo("Job SKIPPED");
            assertThat(problem.getDetail()).isEqualTo(why.message());
            assertThat(problem.getProperties()).containsEntry("state", JobState.SKIPPED);
            assertThat(problem.getProperties().get("job"))
                    .isInstanceOfSatisfying(
                            JobResponse.class, job -> assertThat(job.state()).isEqualTo(JobState.SKIPPED));
        });
        assertThat(response.getHeaders().getLocation()).isNull(); // final: nothing more to poll
    }

    @Test
    void aQueuedJobIsStillAccepted() {
        Job queued = Job.submitted(JobId.random(), SPEC, null, T0);
        var response = JobResponses.status(queued, Duration.ofSeconds(5));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    }
}
