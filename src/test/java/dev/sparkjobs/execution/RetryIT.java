package dev.sparkjobs.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RetryIT extends AbstractIT {

    @Test
    void aFailedAttemptRunsAgainAfterItsBackoffAndEachAttemptIsKept() {
        // fails while the table holds one row, succeeds once a second attempt has added another
        Map<String, Object> body = retrying(
                2,
                1,
                null,
                Map.of(
                        "statements",
                        List.of(
                                "CREATE TABLE IF NOT EXISTS retry_probe (n INT) USING delta",
                                "INSERT INTO retry_probe VALUES (1)",
                                "SELECT assert_true((SELECT count(*) FROM retry_probe) >= 2) AS ok")));

        Api.Response accepted = api.submit(Api.json(body));
        assertThat(accepted.body().path("maxRetries").asInt()).isEqualTo(2);
        assertThat(accepted.body().path("retryOn").toString())
                .isEqualTo("[\"FAILED\",\"TIMED_OUT\",\"DRIVER_RESTART\",\"DELTA_CONFLICT\"]");
        JsonNode done = awaitFinal(accepted.body().path("id").asString());

        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("attempt").asInt()).isEqualTo(2);
        JsonNode first = done.path("attempts").get(0);
        assertThat(done.path("attempts").size()).isEqualTo(1);
        assertThat(first.path("attempt").asInt()).isEqualTo(1);
        assertThat(first.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(first.path("error").path("message").asString()).isNotBlank();
        Duration backoff = Duration.between(
                Instant.parse(first.path("endedAt").asString()),
                Instant.parse(done.path("startedAt").asString()));
        assertThat(backoff)
                .as("a 1 s backoff with jitter waits between 0.5 and 1 s, plus the time to start")
                .isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
        assertThat(done.path("notBefore").isNull()).isTrue();
    }

    @Test
    void aJobThatKeepsFailingEndsFailedAfterMaxRetriesWithEveryAttemptRecorded() {
        JsonNode done = awaitFinal(api.submitOk(Api.json(retrying(2, 0, null, Map.of("sql", "SELECT 1 / 0")))));

        assertThat(done.path("state").asString()).isEqualTo("FAILED");
        assertThat(done.path("error").path("type").asString()).isEqualTo("DIVIDE_BY_ZERO");
        assertThat(done.path("attempt").asInt()).isEqualTo(3);
        assertThat(done.path("attempts").findValuesAsString("outcome")).containsExactly("FAILED", "FAILED");
        assertThat(api.get("/actuator/prometheus").raw())
                .containsPattern(
                        "jobservice_jobs_retried_total\\{[^}]*outcome=\"FAILED\"[^}]*type=\"sql\"[^}]*} [1-9]");
    }

    @Test
    void anEndingTheJobDidNotNameIsNotRetried() {
        Map<String, Object> body = retrying(3, 0, List.of("FAILED"), Map.of("sql", ENDLESS));
        body.put("timeoutSeconds", 1);

        JsonNode done = awaitFinal(api.submitOk(Api.json(body)));

        assertThat(done.path("state").asString()).isEqualTo("TIMED_OUT");
        assertThat(done.path("attempt").asInt()).isEqualTo(1);
        assertThat(done.path("attempts").size()).isZero();
    }

    @Test
    void aJobWaitingOutItsBackoffIsQueuedWithANotBeforeAndCanBeCancelled() {
        String id = api.submitOk(Api.json(retrying(1, 600, null, Map.of("sql", "SELECT 1 / 0"))));
        JsonNode waiting = await("the retry is queued")
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.job(id), j -> j.path("attempt").asInt() == 2);

        assertThat(waiting.path("state").asString()).isEqualTo("QUEUED");
        assertThat(Instant.parse(waiting.path("notBefore").asString()))
                .isAfter(Instant.now().plusSeconds(200));
        Api.Response status = api.get("/api/v1/jobs/" + id + "/status");
        assertThat(status.status()).isEqualTo(202);

        Api.Response cancelled = api.cancel(id);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(api.job(id).path("state").asString()).isEqualTo("CANCELLED");
    }

    private JsonNode awaitFinal(String id) {
        return await(id + " final").atMost(Duration.ofMinutes(1)).until(() -> api.job(id), j -> !List.of(
                        "QUEUED", "RUNNING")
                .contains(j.path("state").asString()));
    }

    private static Map<String, Object> retrying(
            int maxRetries, long backoffSeconds, List<String> on, Map<String, Object> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "sql");
        body.put("maxRetries", maxRetries);
        body.put("retryBackoffSeconds", backoffSeconds);
        if (on != null) {
            body.put("retryOn", on);
        }
        body.put("params", params);
        return body;
    }
}
