package dev.sparkjobs.jobcallbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Callbacks received by a real HTTP server, as an orchestrator's endpoint would receive them. */
class JobCallbacksIT extends AbstractIT {

    private static final String SECRET = "it-callback-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            var values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static HttpServer server;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static final AtomicInteger flakyCalls = new AtomicInteger();

    @BeforeAll
    static void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // /flaky answers 503 to its first call, as a receiver that is restarting would
        server.createContext("/flaky", exchange -> {
            received.add(new Received(
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            int status = flakyCalls.getAndIncrement() == 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/adf", exchange -> {
            received.add(new Received(
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopReceiver() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private List<Received> to(String pathPrefix, String jobId) {
        return received.stream()
                .filter(r -> r.path().startsWith(pathPrefix))
                .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(jobId))
                .toList();
    }

    @Test
    void aSignedCallbackIsRetriedAfterA503AndItsAttemptsShowOnTheJob() throws Exception {
        var id = api.submitOk(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT 1 AS one"),
                "callback",
                Map.of(
                        "url",
                        base() + "/flaky/hook?token=t0ken",
                        "headers",
                        Map.of("Authorization", "Bearer receiver-token"),
                        "secret",
                        SECRET))));

        await().atMost(Duration.ofSeconds(30)).until(() -> to("/flaky", id).size() >= 2);
        var delivered = to("/flaky", id).get(1);
        assertThat(delivered.path()).isEqualTo("/flaky/hook?token=t0ken");
        assertThat(delivered.header("Authorization")).isEqualTo("Bearer receiver-token");
        assertThat(delivered.header("Content-type")).isEqualTo("application/json");
        // verify as a receiver does: HMAC-SHA256 over "<timestamp>.<body bytes>", compared in constant time
        var timestamp = delivered.header("X-signature-timestamp");
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        var expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(delivered.body()));
        assertThat(MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        delivered.header("X-signature").getBytes(StandardCharsets.UTF_8)))
                .as("signature %s, expected %s", delivered.header("X-signature"), expected)
                .isTrue();
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)))
                .isLessThan(60);

        var body = delivered.json();
        assertThat(body.path("event").asString()).isEqualTo("job.finished");
        assertThat(body.path("job").path("id").asString()).isEqualTo(id);
        assertThat(body.path("job").path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(body.path("job").path("result").path("rowCount").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED"
                .equals(api.job(id).path("callback").path("state").asString()));
        var response = api.get("/api/v1/jobs/" + id);
        var callback = response.body().path("callback");
        assertThat(callback.path("url").asString()).isEqualTo(base() + "/flaky/hook");
        assertThat(callback.path("attempts")).hasSize(2);
        assertThat(callback.path("attempts").get(0).path("statusCode").asInt()).isEqualTo(503);
        assertThat(callback.path("attempts").get(1).path("statusCode").asInt()).isEqualTo(204);
        assertThat(callback.path("attempts").get(1).path("attempt").asInt()).isEqualTo(2);
        assertThat(response.raw()).doesNotContain(SECRET, "receiver-token", "t0ken");
        var metrics = api.get("/actuator/prometheus").raw();
        assertThat(metrics)
                .contains(
                        "jobservice_callbacks_deliveries_total{application=\"spark-job-service\",outcome=\"retried\"}")
                .contains(
                        "jobservice_callbacks_deliveries_total{application=\"spark-job-service\",outcome=\"delivered\"}");
    }

    @Test
    void aFailedJobCallsTheDataFactoryCallBackUriWithItsErrorAndAFailingStatus() {
        var id = api.submitOk(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT * FROM no_such_table_for_callbacks"),
                "callBackUri",
                base() + "/adf/callback?code=sig")));

        await().atMost(Duration.ofSeconds(30)).until(() -> !to("/adf", id).isEmpty());
        var body = to("/adf", id).get(0).json();
        assertThat(body.path("StatusCode").asString()).isEqualTo("500");
        assertThat(body.path("Error").path("ErrorCode").asString()).isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
        assertThat(body.path("Error").path("Message").asString()).contains("no_such_table_for_callbacks");
        assertThat(body.path("Output").path("id").asString()).isEqualTo(id);
        assertThat(body.path("Output").path("state").asString()).isEqualTo("FAILED");
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED"
                .equals(api.job(id).path("callback").path("state").asString()));
    }

    @Test
    void aRefusedHostIsABadRequestNamingTheField() {
        var metadata = api.submit(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT 1"),
                "callback",
                Map.of("url", "http://169.254.169.254/latest/meta-data/"))));
        assertThat(metadata.status()).isEqualTo(400);
        assertThat(metadata.raw()).contains("callback.url", "169.254.169.254");

        var adf = api.submit(Api.json(
                Map.of("type", "sql", "params", Map.of("sql", "SELECT 1"), "callBackUri", "http://10.1.2.3/cb")));
        assertThat(adf.status()).isEqualTo(400);
        assertThat(adf.raw()).contains("callBackUri");

        var host = api.submit(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT 1"),
                "callback",
                Map.of("url", base() + "/flaky", "headers", Map.of("Host", "other.example")))));
        assertThat(host.status()).isEqualTo(400);
        assertThat(host.raw()).contains("callback.headers");
    }

    @Test
    void theCallbackIsPartOfWhatAnIdempotencyKeyStandsFor() {
        String key = "callback-replay-" + System.nanoTime();
        Map<String, Object> first = Map.of(
                "type", "sql", "params", Map.of("sql", "SELECT 1"), "callBackUri", base() + "/adf/callback?run=1");
        var created = api.submit(Api.json(first), "Idempotency-Key", key);
        assertThat(created.status()).isEqualTo(202);

        var same = api.submit(Api.json(first), "Idempotency-Key", key);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.body().path("id").asString())
                .isEqualTo(created.body().path("id").asString());

        Map<String, Object> retried = Map.of(
                "type", "sql", "params", Map.of("sql", "SELECT 1"), "callBackUri", base() + "/adf/callback?run=2");
        var other = api.submit(Api.json(retried), "Idempotency-Key", key);
        assertThat(other.status()).as("same key, another callback").isEqualTo(409);
        api.awaitFinal(created.body().path("id").asString());
    }

    @Test
    void aViewerAskingForACallbackIsForbiddenBeforeItsUrlIsLookedAt() {
        var viewer = api.withApiKey(ANN_KEY);
        var answer = viewer.submit(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT 1"),
                "callback",
                Map.of("url", "https://no-such-host.invalid/cb"))));
        assertThat(answer.status()).isEqualTo(403);
    }
}
