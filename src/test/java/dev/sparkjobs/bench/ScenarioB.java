package dev.sparkjobs.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * API overhead: submit latency at fixed offered rates (open loop: latency is measured from when a
 * request was due, so a stalled server cannot hide behind a slowed client), and the time from
 * submit to start when a slot is free.
 */
final class ScenarioB {

    /** Submit latency at one offered rate. */
    record RateRow(
            int offeredPerSecond, int sent, int accepted, int other, double achievedPerSecond, Stats latencyMs) {}

    /** Holds a running slot for ten minutes while using no CPU: one Spark task that sleeps. */
    static final String SLEEPER =
            "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT reflect('java.lang.Thread', 'sleep', CAST(600000 AS BIGINT))\"}}";

    private static final String BODY = "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}}";
    private final Path work;
    private final Path jar;

    ScenarioB(Path work, Path jar) {
        this.work = work;
        this.jar = jar;
    }

    /**
     * @param blockSlots when true, both running slots are held by endless jobs first, so submissions
     *     only queue: the API and store path alone; when false, the submitted jobs run meanwhile
     */
    List<RateRow> rates(int[] offered, int seconds, boolean blockSlots) throws Exception {
        return rates(offered, seconds, blockSlots, ServiceProcess.DEFAULT_JVM, "");
    }

    /** The same with the service's JVM flags given, e.g. a shorter G1 pause target. */
    List<RateRow> rates(int[] offered, int seconds, boolean blockSlots, List<String> jvmFlags, String dirSuffix)
            throws Exception {
        Path dir = Bench.fresh(work.resolve((blockSlots ? "b-rates-queue-only" : "b-rates") + dirSuffix));
        List<RateRow> rows = new ArrayList<>();
        try (ServiceProcess svc = ServiceProcess.start(
                jar,
                dir,
                dir.resolve("service.log"),
                jvmFlags,
                "--jobservice.admission.max-running=2",
                "--jobservice.admission.max-queued=1000000")) {
            if (blockSlots) {
                for (String id : List.of(svc.api.submitOk(SLEEPER), svc.api.submitOk(SLEEPER))) {
                    svc.awaitState(id, "RUNNING");
                }
            }
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // warm the request path (JIT compiles after ~10,000 calls, connection pool) before measuring
            offer(http, svc.port, 200, 10);
            for (int rate : offered) {
                rows.add(offer(http, svc.port, rate, seconds));
            }
        }
        return rows;
    }

    static RateRow offer(HttpClient http, int port, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        latencies.add((System.nanoTime() - due) / 1e6);
                        if (r != null && r.statusCode() == 202) {
                            accepted.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new RateRow(rate, total, accepted.get(), other.get(), total / elapsed, Stats.of(latencies));
    }

    /** Submit-to-start with a free slot: startedAt - submittedAt over sequential jobs. */
    Stats submitToStart(int jobs) throws Exception {
        Path dir = Bench.fresh(work.resolve("b-start"));
        try (ServiceProcess svc =
                ServiceProcess.start(jar, dir, dir.resolve("service.log"), "--jobservice.admission.max-running=2")) {
            List<Double> waits = new ArrayList<>();
            for (int i = 0; i < jobs + 10; i++) {
                JsonNode job = svc.api.awaitFinal(svc.api.submitOk(BODY));
                if (i >= 10) { // the first ten warm the path
                    waits.add(ServiceProcess.millisBetween(job, "submittedAt", "startedAt"));
                }
            }
            return Stats.of(waits);
        }
    }
}
