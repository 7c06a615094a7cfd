package dev.sparkjobs.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Scenario T's client: submits tiny jobs and long-polls each to its end, as an orchestrator's workers do. */
final class TinyClient {

    private TinyClient() {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    /** The final jobs of one batch, and the start followed by each completion time (nanoTime) in order. */
    record Batch(List<JsonNode> jobs, List<Long> times) {
        long wallUs() {
            return (times.get(times.size() - 1) - times.get(0)) / 1_000;
        }
    }

    /**
     * Submits {@code n} jobs, at most {@link #SUBMITS_IN_FLIGHT} submits unanswered at a time, as an
     * orchestrator's worker pool does, and long-polls each to its end; a bare client, no schema checks.
     */
    static Batch submitAll(HttpClient http, int port, String body, int n) {
        URI jobs = URI.create("http://127.0.0.1:" + port + "/api/v1/jobs");
        ConcurrentLinkedQueue<Long> completions = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<JsonNode>> all = new ArrayList<>();
        Semaphore inFlight = new Semaphore(SUBMITS_IN_FLIGHT);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            HttpRequest submit = HttpRequest.newBuilder(jobs)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            inFlight.acquireUninterruptibly();
            all.add(http.sendAsync(submit, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> inFlight.release())
                    .thenCompose(r -> {
                        if (r.statusCode() != 202) {
                            throw new IllegalStateException("submit answered " + r.statusCode() + ": " + r.body());
                        }
                        String id = JSON.readTree(r.body()).path("id").asString();
                        return awaitFinal(http, URI.create(jobs + "/" + id + "?waitSeconds=60"));
                    })
                    .whenComplete((job, e) -> completions.add(System.nanoTime())));
        }
        List<JsonNode> finals = all.stream().map(CompletableFuture::join).toList();
        List<Long> times = new ArrayList<>();
        times.add(start);
        completions.stream().sorted().forEach(times::add);
        return new Batch(finals, times);
    }

    private static CompletableFuture<JsonNode> awaitFinal(HttpClient http, URI uri) {
        return awaitFinal(http, uri, GET_RETRIES);
    }

    /**
     * Long-polls until the job is final. A poll whose pooled connection the server closed as it was
     * sent (Tomcat ends idle keep-alive connections after 20 s; a long queue leaves many idle) is sent
     * again, as any orchestrator's HTTP client does with an idempotent GET. The bench's JVM also keeps
     * idle connections 10 s only ({@code jdk.httpclient.keepalive.timeout}, set in the pom), so that
     * a submit, which is not sent again, does not meet one either.
     */
    private static CompletableFuture<JsonNode> awaitFinal(HttpClient http, URI uri, int retries) {
        HttpRequest get = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(90))
                .GET()
                .build();
        return http.sendAsync(get, HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> {
                    if (e != null) {
                        if (retries > 0 && rootCause(e) instanceof java.io.IOException) {
                            return awaitFinal(http, uri, retries - 1);
                        }
                        return CompletableFuture.<JsonNode>failedFuture(e);
                    }
                    JsonNode job = JSON.readTree(r.body());
                    return FINAL.contains(job.path("state").asString())
                            ? CompletableFuture.completedFuture(job)
                            : awaitFinal(http, uri);
                })
                .thenCompose(f -> f);
    }

    /** Polls sent again after their connection was closed under them, per poll. */
    static final int GET_RETRIES = 3;

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Submits the client keeps unanswered at once; the jobs themselves are all queued together. */
    static final int SUBMITS_IN_FLIGHT = 32;
}
