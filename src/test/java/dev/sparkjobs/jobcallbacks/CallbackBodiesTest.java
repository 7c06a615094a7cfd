package dev.sparkjobs.jobcallbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CallbackBodiesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();

    private static Job running() {
        var spec = new JobSpec(
                "sql",
                null,
                Map.of("sql", "SELECT 1"),
                "default",
                0,
                Duration.ofMinutes(5),
                Map.of(),
                RetryPolicy.NONE);
        return Job.submitted(JobId.random(), spec, JobOwner.DEFAULT, T0).start(T0, "i1");
    }

    @Test
    void adfBodyOfASucceededJobHasStatus200AndNoError() {
        var job = running().succeed(Map.of("rowCount", 1), T0.plusSeconds(1));
        var body = json.writeValueAsString(
                CallbackBodies.adf(job, Map.of("id", job.id().toString())));
        assertThat(body).isEqualTo("{\"Output\":{\"id\":\"" + job.id() + "\"},\"StatusCode\":\"200\"}");
    }

    @Test
    void adfBodyOfAFailedJobCarriesItsErrorAndAStatusThatFailsTheActivity() {
        var job = running().fail(new JobError("TABLE_OR_VIEW_NOT_FOUND", "no table t"), T0.plusSeconds(1));
        var body = CallbackBodies.adf(job, Map.of());
        assertThat(body).containsEntry("StatusCode", "500");
        assertThat(Integer.parseInt((String) body.get("StatusCode"))).isGreaterThanOrEqualTo(400);
        assertThat(body.get("Error"))
                .isEqualTo(Map.of("ErrorCode", "TABLE_OR_VIEW_NOT_FOUND", "Message", "no table t"));
        assertThat(body).containsKey("Output");
    }

    @Test
    void jobBodyNamesTheEventFirst() {
        var body = json.writeValueAsString(CallbackBodies.job(Map.of("state", "SUCCEEDED")));
        assertThat(body).isEqualTo("{\"event\":\"job.finished\",\"job\":{\"state\":\"SUCCEEDED\"}}");
    }

    @Test
    void batchBodyNamesTheEventFirst() {
        var body = json.writeValueAsString(CallbackBodies.batch(Map.of("state", "FAILED")));
        assertThat(body).isEqualTo("{\"event\":\"batch.finished\",\"batch\":{\"state\":\"FAILED\"}}");
    }

    @Test
    void adfBodyOfABatchFailsTheActivityUnlessItSucceeded() {
        var ok = json.writeValueAsString(
                CallbackBodies.adf(new BatchViews.Ended(BatchState.SUCCEEDED, null, Map.of("id", "b"))));
        assertThat(ok).isEqualTo("{\"Output\":{\"id\":\"b\"},\"StatusCode\":\"200\"}");
        for (var end : new BatchState[] {BatchState.FAILED, BatchState.CANCELLED, BatchState.TIMED_OUT}) {
            var body = CallbackBodies.adf(new BatchViews.Ended(end, "batch b ended " + end, Map.of()));
            assertThat(Integer.parseInt((String) body.get("StatusCode"))).isGreaterThanOrEqualTo(400);
            assertThat(body.get("Error")).isEqualTo(Map.of("ErrorCode", end.name(), "Message", "batch b ended " + end));
        }
    }
}
