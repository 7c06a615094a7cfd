package dev.sparkjobs.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) scraping one target every second and
 * evaluating a rule file every second, with its data in a directory of its own under target/.
 */
public final class PrometheusServer implements AutoCloseable {

    /** The scrape job's name, which the ServiceDown alert matches. */
    public static final String JOB = "spark-job-service";

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Prometheus scraping {@code target} (host:port) at {@code metricsPath}; waits until it is ready. */
    public static PrometheusServer start(Path binary, String target, String metricsPath, Path rules)
            throws IOException {
        Path dir = Files.createDirectories(
                Path.of("target", "prometheus", UUID.randomUUID().toString()).toAbsolutePath());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s']
                """
                        .formatted(rules.toAbsolutePath(), JOB, metricsPath, target));
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        try {
            await("Prometheus ready").atMost(Duration.ofSeconds(60)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Prometheus exited: " + Files.readString(log));
                }
                return server.status("/-/ready") == 200;
            });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** An instant query's whole answer ({@code status}, {@code data.result}, {@code error}). */
    public JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    public JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JsonMapper.builder().build().readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private int status(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
