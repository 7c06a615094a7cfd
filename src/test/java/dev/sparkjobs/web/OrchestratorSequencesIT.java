package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request sequences of Azure Data Factory's Web and Webhook activities and of Airflow's
 * HttpOperator and HttpSensor (docs/orchestrators.md), replayed over real HTTP with a plain client
 * so that each request carries exactly what the tool sends and each answer is read as the tool
 * reads it.
 */
class OrchestratorSequencesIT extends AbstractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MISSING_TABLE = "SELECT * FROM no_such_table_for_orchestrators";

    private final DataFactoryPolling polling = new DataFactoryPolling(ADMIN_KEY);

    /** What a Webhook activity's callback URL received. */
    private record Received(String query, String contentType, JsonNode body) {}

    private static HttpServer dataFactory;
    private static final List<Received> callbacks = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void callbackReceiver() throws IOException {
        dataFactory = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dataFactory.createContext("/callback", exchange -> {
            callbacks.add(new Received(
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    JSON.readTree(exchange.getRequestBody().readAllBytes())));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        dataFactory.start();
    }

    @AfterAll
    static void stopReceiver() {
        dataFactory.stop(0);
    }

    // ---- Azure Data Factory: Web activity with the asynchronous pattern ----

    @Test
    void dataFactoryWebActivityPollsTheLocationOfA202UntilTheJobSucceeds() {
        String blocker = api.submitOk(sqlIn("serial", 0, ENDLESS));
        awaitSparkJobRunning(blocker);
        URI submit = api.uri("/api/v1/jobs");

        // the activity's body, in the serial pool so that it waits behind the blocker for a few polls
        HttpResponse<String> accepted = polling.send(HttpRequest.newBuilder(submit)
                .POST(body(Map.of(
                        "type", "sql",
                        "name", "adf-web-activity",
                        "pool", "serial",
                        "params", Map.of("sql", "SELECT 42 AS answer"),
                        "cancelIfUnpolledSeconds", 300)))
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY)
                .header("Idempotency-Key", "adf-run-6f1c2e77-submit"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        String id = json(accepted).path("id").asString();
        // the Location is a path: a client resolves it against the URL it posted to (RFC 9110)
        URI monitor = submit.resolve(location);
        assertThat(monitor).isEqualTo(api.uri("/api/v1/jobs/" + id + "/status"));
        assertThat(DataFactoryPolling.retryAfter(accepted)).isPositive();

        AtomicBoolean released = new AtomicBoolean();
        List<HttpResponse<String>> polls = polling.pollWhile202(monitor, r -> {
            if (released.compareAndSet(false, true)) {
                api.cancel(blocker); // the job may start once the activity has seen it waiting
            }
        });

        List<HttpResponse<String>> waiting = polls.subList(0, polls.size() - 1);
        assertThat(waiting).as("202s while the job waits and runs").isNotEmpty().allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(monitor.resolve(r.headers().firstValue("Location").orElseThrow()))
                    .isEqualTo(monitor);
            assertThat(DataFactoryPolling.retryAfter(r)).isPositive();
        });
        HttpResponse<String> done = polls.get(polls.size() - 1);
        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode output = json(done); // @activity('RunJob').output
        assertThat(output.path("id").asString()).isEqualTo(id);
        assertThat(output.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(output.path("result").path("rows").toString()).isEqualTo("[[42]]");
    }

    @Test
    void dataFactoryWebActivityFailsOnThe422OfAFailedJob() {
        HttpResponse<String> accepted = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs"))
                .POST(body(Map.of("type", "sql", "params", Map.of("sql", MISSING_TABLE))))
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY));
        assertThat(accepted.statusCode()).isEqualTo(202);
        URI monitor =
                accepted.uri().resolve(accepted.headers().firstValue("Location").orElseThrow());

        List<HttpResponse<String>> polls = polling.pollWhile202(monitor, r -> {});

        HttpResponse<String> failed = polls.get(polls.size() - 1);
        assertThat(failed.statusCode()).as("an error status fails the activity").isEqualTo(422);
        assertThat(failed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = json(failed);
        assertThat(problem.path("detail").asString()).contains("TABLE_OR_VIEW_NOT_FOUND");
        assertThat(problem.path("state").asString()).isEqualTo("FAILED");
        assertThat(problem.path("job").path("error").path("type").asString()).isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
    }

    // ---- Azure Data Factory: Webhook activity ----

    @Test
    void dataFactoryWebhookActivityIsAnsweredAtOnceAndCalledBackAsItReadsCallbacks() {
        String callBackUri = "http://127.0.0.1:" + dataFactory.getAddress().getPort() + "/callback?token=t0k3n";
        long started = System.nanoTime();
        // the activity's body with the callBackUri the activity adds to it
        HttpResponse<String> ok = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs"))
                .POST(body(Map.of(
                        "type", "sql", "params", Map.of("sql", "SELECT 7 AS seven"), "callBackUri", callBackUri)))
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY)
                .header("Idempotency-Key", "adf-run-81d2:Webhook"));
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
        // a retried activity posts again with a callBackUri of its own: the callback is part of what the
        // key stands for, so the replay is refused (409) rather than answered with a job that would call
        // back the first activity only
        HttpResponse<String> replay = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs"))
                .POST(body(Map.of(
                        "type",
                        "sql",
                        "params",
                        Map.of("sql", "SELECT 7 AS seven"),
                        "callBackUri",
                        callBackUri.replace("t0k3n", "retry"))))
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY)
                .header("Idempotency-Key", "adf-run-81d2:Webhook"));
        HttpResponse<String> bad = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs"))
                .POST(body(Map.of("type", "sql", "params", Map.of("sql", MISSING_TABLE), "callBackUri", callBackUri)))
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY));

        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(bad.statusCode()).isEqualTo(202);
        assertThat(answeredIn).as("the activity wants its 202 at once").isLessThan(Duration.ofSeconds(1));
        String okId = json(ok).path("id").asString();
        String badId = json(bad).path("id").asString();
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(replay).path("existingJobId").asString()).isEqualTo(okId);

        Received succeeded = awaitCallback(okId);
        assertThat(succeeded.query()).isEqualTo("token=t0k3n");
        assertThat(callbacks)
                .as("one callback per job, to the first callBackUri")
                .filteredOn(c -> c.body().path("Output").path("id").asString().equals(okId))
                .hasSize(1);
        assertThat(succeeded.contentType()).startsWith("application/json");
        assertThat(succeeded.body().path("StatusCode").asString()).isEqualTo("200");
        assertThat(succeeded.body().path("Output").path("result").path("rows").toString())
                .isEqualTo("[[7]]");
        assertThat(succeeded.body().path("Error").isMissingNode()
                        || succeeded.body().path("Error").isNull())
                .as("no Error on success")
                .isTrue();

        Received failed = awaitCallback(badId);
        assertThat(Integer.parseInt(failed.body().path("StatusCode").asString()))
                .as("400 and above fail the activity")
                .isGreaterThanOrEqualTo(400);
        assertThat(failed.body().path("Error").path("ErrorCode").asString()).isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
        assertThat(failed.body().path("Error").path("Message").asString()).contains("no_such_table_for_orchestrators");
        assertThat(failed.body().path("Output").path("state").asString()).isEqualTo("FAILED");
    }

    // ---- Airflow: HttpOperator, HttpSensor, on_kill, retries and clears ----

    @Test
    void airflowSubmitPokeKillRetryAndClear() {
        String body = Api.json(Map.of(
                "type",
                "sql",
                "name",
                "daily_sales.submit_job",
                "params",
                Map.of("sql", ENDLESS),
                "cancelIfUnpolledSeconds",
                600));
        String key = airflowKey("scheduled__2026-11-22T00:00:00+00:00", 0);

        HttpResponse<String> submitted = httpOperator(body, key);
        assertThat(submitted.statusCode()).isEqualTo(202);
        String id = responseFilter(submitted); // XCom return_value
        awaitSparkJobRunning(id);

        // the sensor with response_check on 200 pokes; 202 is "not yet"
        for (int poke = 0; poke < 3; poke++) {
            assertThat(sensorPoke(id, r -> r.statusCode() == 200, List.of()))
                    .as("poke %d of a running job", poke)
                    .isFalse();
        }
        // without response_check any 2xx ends the sensor: the first 202 would end it while the job runs
        assertThat(sensorPoke(id, null, List.of("404"))).isTrue();
        assertThat(api.state(id)).isEqualTo("RUNNING");

        // the worker loses the task, the operator retries: the same key reattaches
        HttpResponse<String> retried = httpOperator(body, key);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(responseFilter(retried)).isEqualTo(id);

        // on_kill: the cancel the DAG's sensor sends, then the next poke fails the task
        HttpResponse<String> cancel = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("X-API-Key", ADMIN_KEY));
        assertThat(cancel.statusCode()).isIn(200, 202);
        awaitState(id, "CANCELLED");
        assertThatThrownBy(() -> sensorPoke(id, r -> r.statusCode() == 200, List.of()))
                .isInstanceOf(SensorFailed.class)
                .hasMessageStartingWith("422:");
        // a cancel of a job that has ended (on_failure_callback after the sensor failed) is harmless
        assertThat(polling.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs/" + id + "/cancel"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .header("X-API-Key", ADMIN_KEY))
                        .statusCode())
                .isEqualTo(409);

        // the task retried once more with the same key gets the cancelled job back ...
        HttpResponse<String> again = httpOperator(body, key);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("state").asString()).isEqualTo("CANCELLED");
        // ... a cleared task (its max_tries went up) submits a new job
        HttpResponse<String> cleared = httpOperator(body, airflowKey("scheduled__2026-11-22T00:00:00+00:00", 1));
        assertThat(cleared.statusCode()).isEqualTo(202);
        String second = responseFilter(cleared);
        assertThat(second).isNotEqualTo(id);
        awaitSparkJobRunning(second);
        api.cancel(second);
        awaitState(second, "CANCELLED");
    }

    @Test
    void airflowSensorEndsOn200AndFailsOn422AndOnAnUnknownJob() {
        String ok = responseFilter(httpOperator(sql("SELECT 1 AS one"), airflowKey("manual__ok", 0)));
        String bad = responseFilter(httpOperator(sql(MISSING_TABLE), airflowKey("manual__bad", 0)));

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> sensorPoke(ok, r -> r.statusCode() == 200, List.of()));
        assertThat(api.state(ok)).isEqualTo("SUCCEEDED");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.job(bad).path("state").asString().equals("FAILED"));
        assertThatThrownBy(() -> sensorPoke(bad, r -> r.statusCode() == 200, List.of()))
                .isInstanceOf(SensorFailed.class)
                .hasMessageStartingWith("422:");

        String unknown = "00000000-0000-0000-0000-000000000000";
        // with the default allow-list a 404 is "not yet" (for the sensor's whole timeout) ...
        assertThat(sensorPoke(unknown, r -> r.statusCode() == 200, List.of("404")))
                .isFalse();
        // ... with an empty one the task fails at once
        assertThatThrownBy(() -> sensorPoke(unknown, r -> r.statusCode() == 200, List.of()))
                .isInstanceOf(SensorFailed.class)
                .hasMessageStartingWith("404:");
    }

    // ---- the tools' requests ----

    /** The key the DAG templates: {{ dag.dag_id }}:{{ run_id }}:{{ ti.task_id }}:{{ ti.max_tries }}. */
    private static String airflowKey(String runId, int maxTries) {
        return "daily_sales:" + runId + ":submit_job:" + maxTries;
    }

    /** HttpOperator(method="POST", data=json.dumps(...), headers=...): what requests sends. */
    private HttpResponse<String> httpOperator(String json, String idempotencyKey) {
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("User-Agent", "python-requests/2.32.3")
                .header("Accept", "*/*")
                .header("Content-Type", "application/json")
                .header("X-API-Key", ADMIN_KEY)
                .header("Idempotency-Key", idempotencyKey));
        if (r.statusCode() >= 400) { // HttpHook.check_response
            throw new SensorFailed(r.statusCode() + ":" + r.body());
        }
        return r;
    }

    /** response_filter=lambda response: response.json()["id"] */
    private static String responseFilter(HttpResponse<String> r) {
        return json(r).path("id").asString();
    }

    /**
     * One HttpSensor.poke: an error status raises unless its code is in the allow-list (then False);
     * otherwise response_check decides, or True without one.
     */
    private boolean sensorPoke(String id, Predicate<HttpResponse<String>> responseCheck, List<String> allowList) {
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs/" + id + "/status"))
                .GET()
                .header("User-Agent", "python-requests/2.32.3")
                .header("Accept", "*/*")
                .header("X-API-Key", ADMIN_KEY));
        if (r.statusCode() >= 400) {
            String raised = r.statusCode() + ":" + r.body();
            if (allowList.stream().anyMatch(raised::startsWith)) {
                return false;
            }
            throw new SensorFailed(raised);
        }
        return responseCheck == null || responseCheck.test(r);
    }

    /** The AirflowException a status of 400 or more becomes. */
    private static final class SensorFailed extends RuntimeException {
        SensorFailed(String message) {
            super(message);
        }
    }

    private Received awaitCallback(String jobId) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> callbacks.stream()
                                .filter(c -> c.body()
                                        .path("Output")
                                        .path("id")
                                        .asString()
                                        .equals(jobId))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        return HttpRequest.BodyPublishers.ofString(Api.json(value), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }
}
