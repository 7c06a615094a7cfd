package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.DataFactoryPolling;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch sections of docs/orchestrators.md replayed over real HTTP with a plain client: Data
 * Factory's Web activity polling a batch's Location and its Webhook activity called back when the
 * batch ends, Airflow's HttpOperator with an Idempotency-Key and HttpSensor on the batch monitor, a
 * signed batch callback, and the backstop for a batch nobody polls any more.
 */
class BatchOrchestratorSequencesIT extends AbstractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MISSING_TABLE = "SELECT * FROM no_such_table_for_batch_orchestrators";
    private static final String SECRET = "batch-callback-secret-0123456789";

    /** What a callback URL received: the request line's query, the headers and the body's exact bytes. */
    private record Received(String path, Headers headers, byte[] raw) {
        JsonNode body() {
            return JSON.readTree(raw);
        }

        String query() {
            return URI.create(path).getRawQuery();
        }
    }

    private static HttpServer receiver;
    private static final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void callbackReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new Received(
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    private static String receiverUrl(String pathAndQuery) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + pathAndQuery;
    }

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

    // ---- Azure Data Factory: Webhook activity ----

    @Test
    void dataFactoryWebhookActivityIsAnsweredAtOnceAndCalledBackWhenTheBatchEnds() {
        String run = UUID.randomUUID().toString();
        String callBackUri = receiverUrl("/adf/" + run + "?callbackUrl=t0k3n");
        Map<String, Object> pipeline = Map.of(
                "name",
                "adf-webhook-batch",
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
                                Map.of("sql", "SELECT ${jobs.extract.result.rows.0.0} + 1 AS n"))));
        long started = System.nanoTime();
        // the activity's request: its body with the callBackUri it adds, its headers
        HttpResponse<String> ok = polling.send(webhookActivity(withField(pipeline, "callBackUri", callBackUri))
                .header("Idempotency-Key", "adf-run-" + run + ":WaitForBatch"));
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
        // a retried activity brings a callBackUri of its own: the same key with it is another request
        HttpResponse<String> replay =
                polling.send(webhookActivity(withField(pipeline, "callBackUri", callBackUri.replace("t0k3n", "retry")))
                        .header("Idempotency-Key", "adf-run-" + run + ":WaitForBatch"));
        HttpResponse<String> same = polling.send(webhookActivity(withField(pipeline, "callBackUri", callBackUri))
                .header("Idempotency-Key", "adf-run-" + run + ":WaitForBatch"));

        assertThat(ok.statusCode()).isEqualTo(202);
        // the activity wants its answer at once (it gives up after a minute), not when the batch ends
        assertThat(json(ok).path("state").asString()).isEqualTo("RUNNING");
        assertThat(answeredIn).isLessThan(Duration.ofSeconds(10));
        String id = json(ok).path("id").asString();
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(replay).path("existingBatchId").asString()).isEqualTo(id);
        assertThat(same.statusCode()).as("the same callback: the same request").isEqualTo(200);
        assertThat(json(same).path("id").asString()).isEqualTo(id);

        Received called = awaitCallback("/adf/" + run);
        assertThat(called.query()).isEqualTo("callbackUrl=t0k3n");
        assertThat(called.headers().getFirst("Content-Type")).startsWith("application/json");
        JsonNode body = called.body();
        assertThat(body.path("StatusCode").asString()).isEqualTo("200");
        assertThat(body.path("Error").isMissingNode()).as("no Error on success").isTrue();
        assertThat(body.path("Output").path("id").asString()).isEqualTo(id);
        assertThat(body.path("Output").path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(body.path("Output").path("counts").path("SUCCEEDED").asInt()).isEqualTo(2);

        JsonNode shown = api.get("/api/v1/batches/" + id).body();
        assertThat(shown.path("callback").path("url").asString())
                .as("without the query")
                .isEqualTo(receiverUrl("/adf/" + run));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED"
                .equals(api.get("/api/v1/batches/" + id)
                        .body()
                        .path("callback")
                        .path("state")
                        .asString()));
        JsonNode attempts =
                api.get("/api/v1/batches/" + id).body().path("callback").path("attempts");
        assertThat(attempts.size()).isEqualTo(1);
        assertThat(attempts.get(0).path("statusCode").asInt()).isEqualTo(200);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> to("/adf/" + run).size() == 1);
    }

    @Test
    void aFailedBatchCallsTheWebhookBackWithAnErrorStatus() {
        String run = UUID.randomUUID().toString();
        HttpResponse<String> accepted = polling.send(webhookActivity(Map.of(
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
                                Map.of("sql", "SELECT 1"))),
                "callBackUri",
                receiverUrl("/adf/" + run))));
        assertThat(accepted.statusCode()).isEqualTo(202);

        JsonNode body = awaitCallback("/adf/" + run).body();

        assertThat(Integer.parseInt(body.path("StatusCode").asString()))
                .as("400 and above fail the activity")
                .isGreaterThanOrEqualTo(400);
        assertThat(body.path("Error").path("ErrorCode").asString()).isEqualTo("FAILED");
        assertThat(body.path("Error").path("Message").asString())
                .contains("bad FAILED", "after SKIPPED", "no_such_table_for_batch_orchestrators");
        assertThat(body.path("Output").path("state").asString()).isEqualTo("FAILED");
        assertThat(body.path("Output").path("jobs").get(1).path("state").asString())
                .isEqualTo("SKIPPED");
    }

    @Test
    void aSignedBatchCallbackCarriesTheBatchAsItsGetShowsIt() throws Exception {
        String run = UUID.randomUUID().toString();
        String id = api.post(
                        "/api/v1/batches",
                        Api.json(Map.of(
                                "jobs",
                                List.of(Map.of("key", "only", "type", "sql", "params", Map.of("sql", "SELECT 3 AS n"))),
                                "callback",
                                Map.of(
                                        "url",
                                        receiverUrl("/signed/" + run + "?token=t"),
                                        "headers",
                                        Map.of("Authorization", "Bearer receiver-token"),
                                        "secret",
                                        SECRET))))
                .body()
                .path("id")
                .asString();

        Received called = awaitCallback("/signed/" + run);

        assertThat(called.headers().getFirst("Authorization")).isEqualTo("Bearer receiver-token");
        // verify as a receiver does: HMAC-SHA256 over "<timestamp>.<body bytes>", compared in constant time
        String timestamp = called.headers().getFirst("X-Signature-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(called.raw()));
        assertThat(MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII),
                        called.headers().getFirst("X-Signature").getBytes(StandardCharsets.US_ASCII)))
                .as("X-Signature %s, expected %s", called.headers().getFirst("X-Signature"), expected)
                .isTrue();
        JsonNode body = called.body();
        assertThat(body.path("event").asString()).isEqualTo("batch.finished");
        var sent = (tools.jackson.databind.node.ObjectNode) body.path("batch");
        var shown = (tools.jackson.databind.node.ObjectNode)
                api.get("/api/v1/batches/" + id).body();
        assertThat(sent.path("callback").isNull())
                .as("the delivery is still under way")
                .isTrue();
        assertThat(shown.path("callback").path("url").asString()).isEqualTo(receiverUrl("/signed/" + run));
        sent.remove("callback");
        shown.remove("callback");
        assertThat(sent).as("GET /api/v1/batches/{id}, but for its callback").isEqualTo(shown);
    }

    @Test
    void aRepairedBatchCallsBackAgainWhenItEndsAgain() {
        String run = UUID.randomUUID().toString();
        String id = api.post(
                        "/api/v1/batches",
                        Api.json(Map.of(
                                "jobs",
                                List.of(Map.of("key", "bad", "type", "sql", "params", Map.of("sql", MISSING_TABLE))),
                                "callback",
                                Map.of("url", receiverUrl("/repaired/" + run)))))
                .body()
                .path("id")
                .asString();
        awaitCallback("/repaired/" + run);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "DELIVERED".equals(batchCallback(id).path("state").asString()));

        assertThat(api.post("/api/v1/batches/" + id + "/repair", "").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> to("/repaired/" + run).size() == 2);
        JsonNode second = to("/repaired/" + run).get(1).body();
        assertThat(second.path("batch").path("repairs").asInt()).isEqualTo(1);
        assertThat(second.path("batch").path("state").asString()).isEqualTo("FAILED");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "DELIVERED".equals(batchCallback(id).path("state").asString()));
        JsonNode attempts = batchCallback(id).path("attempts");
        assertThat(attempts.size()).as("history kept").isEqualTo(2);
        assertThat(attempts.get(1).path("attempt").asInt()).as("numbered on").isEqualTo(2);
    }

    private JsonNode batchCallback(String id) {
        return api.get("/api/v1/batches/" + id).body().path("callback");
    }

    @Test
    void aCallbackToAHostNotAllowedIsA400NamingItsField() {
        Map<String, Object> batch =
                Map.of("jobs", List.of(Map.of("key", "only", "type", "sql", "params", Map.of("sql", "SELECT 1"))));

        var url = api.post(
                "/api/v1/batches",
                Api.json(withField(batch, "callback", Map.of("url", "http://169.254.169.254/latest/meta-data/"))));
        var uri = api.post("/api/v1/batches", Api.json(withField(batch, "callBackUri", "http://10.1.2.3/cb")));

        assertThat(url.status()).isEqualTo(400);
        assertThat(url.body().path("errors").get(0).path("field").asString()).isEqualTo("callback.url");
        assertThat(url.body().path("errors").get(0).path("message").asString()).contains("169.254.169.254");
        assertThat(uri.status()).isEqualTo(400);
        assertThat(uri.body().path("errors").get(0).path("field").asString()).isEqualTo("callBackUri");
    }

    @Test
    void aViewerAskingForABatchCallbackIsForbiddenBeforeItsUrlIsLookedAt() {
        var answer = api.withApiKey(ANN_KEY)
                .post(
                        "/api/v1/batches",
                        Api.json(Map.of(
                                "jobs",
                                List.of(Map.of("key", "only", "type", "sql", "params", Map.of("sql", "SELECT 1"))),
                                "callback",
                                Map.of("url", "https://no-such-host.invalid/cb"))));

        assertThat(answer.status()).as("403, not the 400 the URL would earn").isEqualTo(403);
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

    /** A Webhook activity's POST: its body (with the callBackUri it added) and its headers. */
    private HttpRequest.Builder webhookActivity(Map<String, Object> body) {
        return HttpRequest.newBuilder(api.uri("/api/v1/batches"))
                .POST(body(body))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-API-Key", ADMIN_KEY);
    }

    private static Map<String, Object> withField(Map<String, Object> body, String name, Object value) {
        Map<String, Object> with = new LinkedHashMap<>(body);
        with.put(name, value);
        return with;
    }

    private static List<Received> to(String pathPrefix) {
        return received.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private static Received awaitCallback(String pathPrefix) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> to(pathPrefix), list -> !list.isEmpty())
                .get(0);
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        return HttpRequest.BodyPublishers.ofString(Api.json(value), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }
}
