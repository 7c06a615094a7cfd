package dev.sparkjobs.jobcallbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sparkjobs.JobServiceApplication;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs in a JVM of its own: a job's or a batch's callback whose receiver is down while the service
 * runs is delivered by the service started again on the same data directory.
 */
class CallbackRestartIT {

    @Test
    void pendingJobAndBatchCallbacksAreDeliveredAfterARestart() throws Exception {
        Path dataDir = Path.of("target", "callback-restart-it-" + System.nanoTime());
        int receiverPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            receiverPort = probe.getLocalPort(); // closed again: connections are refused until the receiver starts
        }
        String id;
        String batchId;
        try (var app = start(dataDir)) {
            var api = new Api(port(app)).withApiKey(AbstractIT.ADMIN_KEY);
            id = api.submitOk(Api.json(Map.of(
                    "type",
                    "sql",
                    "params",
                    Map.of("sql", "SELECT 7 AS seven"),
                    "callback",
                    Map.of(
                            "url",
                            "http://127.0.0.1:" + receiverPort + "/hook",
                            "secret",
                            "restart-secret-0123456789"))));
            batchId = api.post(
                            "/api/v1/batches",
                            Api.json(Map.of(
                                    "jobs",
                                    List.of(Map.of(
                                            "key", "only", "type", "sql", "params", Map.of("sql", "SELECT 8 AS n"))),
                                    "callBackUri",
                                    "http://127.0.0.1:" + receiverPort + "/hook/batch")))
                    .body()
                    .path("id")
                    .asString();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.job(id).path("callback").path("attempts").size() >= 1);
            var callback = api.job(id).path("callback");
            assertThat(callback.path("state").asString()).isEqualTo("PENDING");
            assertThat(callback.path("attempts").get(0).path("error").asString())
                    .contains("Connect");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> batchCallback(api, batchId).path("attempts").size() >= 1);
            assertThat(batchCallback(api, batchId).path("state").asString()).isEqualTo("PENDING");
        }

        List<String> bodies = new CopyOnWriteArrayList<>();
        var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiverPort), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (var app = start(dataDir)) {
            var api = new Api(port(app)).withApiKey(AbstractIT.ADMIN_KEY);
            await().atMost(Duration.ofSeconds(60)).until(() -> "DELIVERED"
                    .equals(api.job(id).path("callback").path("state").asString()));
            await().atMost(Duration.ofSeconds(60)).until(() -> "DELIVERED"
                    .equals(batchCallback(api, batchId).path("state").asString()));
            assertThat(bodies).hasSize(2);
            assertThat(bodies)
                    .filteredOn(b -> b.contains(id))
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("job.finished", "SUCCEEDED");
            assertThat(bodies)
                    .filteredOn(b -> b.contains(batchId))
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("\"StatusCode\":\"200\"", "SUCCEEDED");
            var attempts = api.job(id).path("callback").path("attempts");
            assertThat(attempts.get(attempts.size() - 1).path("statusCode").asInt())
                    .isEqualTo(204);
            var batchAttempts = batchCallback(api, batchId).path("attempts");
            assertThat(batchAttempts
                            .get(batchAttempts.size() - 1)
                            .path("statusCode")
                            .asInt())
                    .isEqualTo(204);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aJobThatEndsDuringTheDrainCallsBackBeforeTheServiceStops() throws Exception {
        Path dataDir = Path.of("target", "callback-drain-it-" + System.nanoTime());
        List<String> bodies = new CopyOnWriteArrayList<>();
        var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String id;
            var app = start(dataDir);
            try {
                var api = new Api(port(app)).withApiKey(AbstractIT.ADMIN_KEY);
                id = api.submitOk(Api.json(Map.of(
                        "type",
                        "sql",
                        "params",
                        Map.of("sql", "SELECT reflect('java.lang.Thread', 'sleep', CAST(5000 AS BIGINT)) AS slept"),
                        "callback",
                        Map.of(
                                "url",
                                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> "RUNNING".equals(api.job(id).path("state").asString()));
            } finally {
                app.close(); // what SIGTERM does: the drain lets the job finish, then the context stops
            }
            assertThat(bodies)
                    .as("the callback of a job that ended during the drain")
                    .hasSize(1);
            assertThat(bodies.get(0)).contains(id, "SUCCEEDED");
        } finally {
            receiver.stop(0);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(JobServiceApplication.class)
                .profiles("it")
                .run(
                        "--server.port=0",
                        "--jobservice.data-dir=" + dataDir,
                        "--jobservice.callbacks.delivery.initial-backoff=2s",
                        // a job sleeps with reflect('java.lang.Thread', 'sleep', ...)
                        "--jobservice.security.sql.defaults.allow-reflection=true");
    }

    private static tools.jackson.databind.JsonNode batchCallback(Api api, String batchId) {
        return api.get("/api/v1/batches/" + batchId).body().path("callback");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
