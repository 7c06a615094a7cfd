package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.DataFactoryPolling;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch sections of docs/orchestrators.md replayed over real HTTP with a plain client: Data
 * Factory's Web activity polling a batch's Location, Airflow's HttpOperator with an Idempotency-Key
 * and HttpSensor on the batch monitor, and the backstop for a batch nobody polls any more.
 */
class BatchOrchestratorSequencesIT extends AbstractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MISSING_TABLE = "SELECT * FROM no_such_table_for_batch_orchestrators";

    private final DataFactoryPolling polling = new DataFactoryPolling(ADMIN_KEY);

    // ---- Azure Data Factory: Web activity with the asynchronous pattern ----

    @Test
    void dataFactoryWebActivityPollsTheBatchLocationUntilItSucceeds() {
        URI submit = api.uri("/api/v1/batches");
        HttpResponse<String> accepted = polling.send(HttpRequest.newBuilder(submit)
                .POST(body(Map.of(
                        "name",
                        "adf-batch",
                        "cancelIfUnpolledSeconds",
                        300,
                        "jobs",
                        List.of(
                                Map.of("key", "extract", "type", "sql", "params", Map.of("sql", "SELECT 20 AS n")),
                                Map.of(
                                        "key",
                                        "load",
                                        "dependsOn",
                                        List.of("extract"),
                                        "type",
                                        "sql",
                                        "params",
                                        Map.of("sql", "SELECT ${jobs.extract.result.rows.0.0} + 1 AS n"))))))
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY)
                .header("Idempotency-Key", "adf-run-" + UUID.randomUUID() + ":RunBatch"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted).path("id").asString();
        URI monitor = submit.resolve(accepted.headers().firstValue("Location").orElseThrow());
        assertThat(monitor).isEqualTo(api.uri("/api/v1/batches/" + id + "/status"));
        assertThat(DataFactoryPolling.retryAfter(accepted)).isPositive();

        List<HttpResponse<String>> polls = polling.pollWhile202(monitor);

        polls.subList(0, polls.size() - 1).forEach(r -> {
            assertThat(monitor.resolve(r.headers().firstValue("Location").orElseThrow()))
                    .isEqualTo(monitor);
            assertThat(DataFactoryPolling.retryAfter(r)).isPositive();
        });
        HttpResponse<String> done = polls.get(polls.size() - 1);
        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode output = json(done); // @activity('RunBatch').output
        assertThat(output.path("id").asString()).isEqualTo(id);
        assertThat(output.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(output.path("cancelIfUnpolledSeconds").asLong()).isEqualTo(300);
        assertThat(output.path("jobs").findValuesAsString("state")).containsExactly("SUCCEEDED", "SUCCEEDED");
        String load = output.path("jobs").get(1).path("jobId").asString();
        assertThat(api.get("/api/v1/jobs/" + load)
                        .body()
                        .path("result")
                        .path("rows")
                        .toString())
                .isEqualTo("[[21]]");
    }

    @Test
    void dataFactoryWebActivityFailsOnThe422OfAFailedBatch() {
        HttpResponse<String> accepted = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/batches"))
                .POST(body(Map.of(
                        "jobs",
                        List.of(
                                Map.of("key", "bad", "type", "sql", "params", Map.of("sql", MISSING_TABLE)),
                                Map.of(
                                        "key",
                                        "after",
                                        "dependsOn",
                                        List.of("bad"),
                                        "type",
                                        "sql",
                                        "params",
                                        Map.of("sql", "SELECT 1"))))))
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY));
        assertThat(accepted.statusCode()).isEqualTo(202);
        URI monitor =
                accepted.uri().resolve(accepted.headers().firstValue("Location").orElseThrow());

        List<HttpResponse<String>> polls = polling.pollWhile202(monitor);

        HttpResponse<String> failed = polls.get(polls.size() - 1);
        assertThat(failed.statusCode()).as("an error status fails the activity").isEqualTo(422);
        assertThat(failed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = json(failed);
        assertThat(problem.path("state").asString()).isEqualTo("FAILED");
        JsonNode batch = problem.path("batch");
        assertThat(batch.path("state").asString()).isEqualTo("FAILED");
        assertThat(batch.path("jobs").get(0).path("error").path("type").asString())
                .isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
        assertThat(batch.path("jobs").get(1).path("state").asString()).isEqualTo("SKIPPED");
    }

    // ---- Airflow: HttpOperator + HttpSensor ----

    @Test
    void airflowRetriesTheSubmitWithItsKeyAndTheSensorWaitsForTheBatch() {
        String dag = "{\"name\": \"daily-sales\", \"failurePolicy\": \"FAIL_FAST\", \"cancelIfUnpolledSeconds\": 900,"
                + " \"jobs\": [{\"key\": \"extract\", \"type\": \"sql\", \"params\": {\"sql\": \"SELECT 1 AS n\"}},"
                + " {\"key\": \"load\", \"dependsOn\": [\"extract\"], \"type\": \"sql\","
                + " \"params\": {\"sql\": \"SELECT 2 AS n\"}}]}";
        String run = "scheduled__" + UUID.randomUUID();
        String key = "daily_sales:" + run + ":submit_batch:3";

        HttpResponse<String> first = httpOperator(dag, key);
        HttpResponse<String> retried = httpOperator(dag, key); // the task retried after a lost answer
        HttpResponse<String> cleared = httpOperator(dag, "daily_sales:" + run + ":submit_batch:4");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retried.statusCode()).isEqualTo(200);
        String id = json(first).path("id").asString();
        assertThat(json(retried).path("id").asString()).as("the same batch").isEqualTo(id);
        assertThat(cleared.statusCode()).isEqualTo(202);
        assertThat(json(cleared).path("id").asString())
                .as("a cleared task's new key: a new batch")
                .isNotEqualTo(id);
        assertThat(httpOperatorStatus(dag.replace("SELECT 2", "SELECT 3"), key))
                .as("the same key with another body")
                .isEqualTo(409);

        // response_check=lambda response: response.status_code == 200, response_error_codes_allowlist=[]
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> sensorPoke(id));

        HttpResponse<String> failing =
                httpOperator(dag.replace("SELECT 1 AS n", MISSING_TABLE), "daily_sales:" + run + ":submit_failing:3");
        String failingId = json(failing).path("id").asString();
        assertThatThrownBy(() -> await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(300))
                        .ignoreNoExceptions()
                        .until(() -> sensorPoke(failingId)))
                .as("the sensor task fails on the 422 of a failed batch")
                .isInstanceOf(SensorFailed.class)
                .hasMessageStartingWith("422:");
    }

    // ---- the backstop: nobody polls any more ----

    @Test
    void aBatchNobodyReadsIsCancelledAsAbandonedWithItsJobs() {
        String name = "abandoned-" + UUID.randomUUID();
        HttpResponse<String> accepted = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/batches"))
                .POST(body(Map.of(
                        "name",
                        name,
                        "cancelIfUnpolledSeconds",
                        3,
                        "jobs",
                        List.of(
                                Map.of("key", "long", "type", "sql", "params", Map.of("sql", ENDLESS)),
                                Map.of(
                                        "key",
                                        "after",
                                        "dependsOn",
                                        List.of("long"),
                                        "type",
                                        "sql",
                                        "params",
                                        Map.of("sql", "SELECT 1"))))))
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted).path("id").asString();

        try {
            // the list is not a read of the batch: the pipeline that submitted it is gone
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get("/api/v1/batches?name=" + name)
                            .body()
                            .path("items")
                            .get(0)
                            .path("state")
                            .asString()
                            .equals("CANCELLED"));
        } finally {
            if (!api.get("/api/v1/batches?name=" + name).raw().contains("CANCELLED")) {
                api.post("/api/v1/batches/" + id + "/cancel", "{}"); // never leave its endless job running
            }
        }

        JsonNode batch = api.get("/api/v1/batches/" + id).body();
        assertThat(batch.path("cancelReason").asString()).isEqualTo("ABANDONED");
        assertThat(batch.path("cancelRequestedAt").isNull()).isFalse();
        JsonNode longJob = batch.path("jobs").get(0);
        assertThat(longJob.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(longJob.path("error").path("type").asString()).isEqualTo("BATCH_STOPPED");
        assertThat(batch.path("jobs").get(1).path("state").asString()).isEqualTo("SKIPPED");
        assertThat(api.get("/api/v1/jobs/" + longJob.path("jobId").asString())
                        .body()
                        .path("cancelIfUnpolledSeconds")
                        .isNull())
                .as("a batch's job is never abandoned on its own")
                .isTrue();
    }

    @Test
    void aBatchThatIsReadRunsOnPastItsLimit() {
        String id = json(polling.send(HttpRequest.newBuilder(api.uri("/api/v1/batches"))
                        .POST(body(Map.of(
                                "cancelIfUnpolledSeconds",
                                2,
                                "jobs",
                                List.of(Map.of("key", "long", "type", "sql", "params", Map.of("sql", ENDLESS))))))
                        .header("Content-Type", "application/json")
                        .header("X-API-Key", ADMIN_KEY)))
                .path("id")
                .asString();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(api.get("/api/v1/batches/" + id + "/status")
                                        .body()
                                        .path("state")
                                        .asString())
                                .isEqualTo("RUNNING");
                        return System.nanoTime() > until;
                    });
        } finally {
            api.post("/api/v1/batches/" + id + "/cancel", "{}"); // never leave its endless job running
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/batches/" + id)
                .body()
                .path("state")
                .asString()
                .equals("CANCELLED"));
        assertThat(api.get("/api/v1/batches/" + id).body().path("cancelReason").asString())
                .isEqualTo("REQUESTED");
    }

    // ---- the tools' requests ----

    /** HttpOperator(method="POST", data=json.dumps(...), headers=...): what requests sends. */
    private HttpResponse<String> httpOperator(String json, String idempotencyKey) {
        HttpResponse<String> r = post(json, idempotencyKey);
        if (r.statusCode() >= 400) { // HttpHook.check_response
            throw new SensorFailed(r.statusCode() + ":" + r.body());
        }
        return r;
    }

    private int httpOperatorStatus(String json, String idempotencyKey) {
        return post(json, idempotencyKey).statusCode();
    }

    private HttpResponse<String> post(String json, String idempotencyKey) {
        return polling.send(HttpRequest.newBuilder(api.uri("/api/v1/batches"))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("User-Agent", "python-requests/2.32.3")
                .header("Accept", "*/*")
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY)
                .header("Idempotency-Key", idempotencyKey));
    }

    /** One HttpSensor.poke with an empty allow-list: 400 and up raise; else response_check decides. */
    private boolean sensorPoke(String id) {
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/batches/" + id + "/status"))
                .GET()
                .header("User-Agent", "python-requests/2.32.3")
                .header("Accept", "*/*")
                .header("X-API-Key", ADMIN_KEY));
        if (r.statusCode() >= 400) {
            throw new SensorFailed(r.statusCode() + ":" + r.body());
        }
        return r.statusCode() == 200;
    }

    /** The AirflowException a status of 400 or more becomes. */
    private static final class SensorFailed extends RuntimeException {
        SensorFailed(String message) {
            super(message);
        }
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        return HttpRequest.BodyPublishers.ofString(Api.json(value), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }
}
