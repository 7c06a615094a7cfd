package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.PeakConcurrency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdmissionIT extends AbstractIT {

    private PeakConcurrency peak;

    @BeforeEach
    void listen() {
        peak = new PeakConcurrency();
        spark.sparkContext().addSparkListener(peak);
    }

    @AfterEach
    void stopListening() {
        spark.sparkContext().removeSparkListener(peak);
    }

    @Test
    void fiftyJobsWithMaxRunningFourAllSucceedAndNeverRunMoreThanFourAtOnce() {
        List<String> ids = new ArrayList<>();
        AtomicInteger maxSeenByApi = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            String id = api.submitOk(sql("SELECT sum(id % 7) + " + i + " FROM range(0, 3000000)"));
            peak.watch(id);
            ids.add(id);
        }
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    var a = api.get("/api/v1/admission").body();
                    maxSeenByApi.accumulateAndGet(a.path("running").asInt(), Math::max);
                    return a.path("running").asInt() == 0 && a.path("queued").asInt() == 0;
                });

        for (String id : ids) {
            assertThat(api.state(id)).as(id).isEqualTo("SUCCEEDED");
        }
        assertThat(peak.peak()).as("Spark job groups running at once").isBetween(1, 4);
        assertThat(maxSeenByApi.get()).isBetween(1, 4);
    }

    @Test
    void withMoreLongJobsThanSlotsExactlyTheCapRunsAndTheRestWait() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = api.submitOk(sql(ENDLESS));
            peak.watch(id);
            ids.add(id);
        }

        await().atMost(Duration.ofMinutes(1))
                .until(() -> ids.stream().filter(id -> sparkJobsRunning(id) > 0).count() == 4);
        var admission = api.get("/api/v1/admission").body();
        assertThat(admission.path("running").asInt()).isEqualTo(4);
        assertThat(admission.path("queued").asInt()).isEqualTo(2);
        assertThat(ids.stream().filter(id -> api.state(id).equals("QUEUED"))).hasSize(2);
        assertThat(peak.peak()).as("Spark job groups running at once").isEqualTo(4);

        ids.forEach(api::cancel);
        ids.forEach(id -> awaitState(id, "CANCELLED"));
        assertThat(peak.peak()).isEqualTo(4);
    }

    @Test
    void aPoolNeverRunsMoreThanItsCap() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = api.submitOk(sqlIn("etl", 0, "SELECT sum(id % 11) + " + i + " FROM range(0, 5000000)"));
            peak.watch(id);
            ids.add(id);
        }
        ids.forEach(api::awaitFinal);

        ids.forEach(id -> assertThat(api.state(id)).isEqualTo("SUCCEEDED"));
        assertThat(peak.peak()).as("etl jobs running at once").isBetween(1, 2);
    }

    @Test
    void queuedJobsStartByPriorityThenInSubmissionOrder() {
        String blocker = api.submitOk(sqlIn("serial", 0, ENDLESS));
        awaitSparkJobRunning(blocker);
        String low1 = api.submitOk(sqlIn("serial", 0, "SELECT 1"));
        String mid1 = api.submitOk(sqlIn("serial", 5, "SELECT 2"));
        String low2 = api.submitOk(sqlIn("serial", 0, "SELECT 3"));
        String top = api.submitOk(sqlIn("serial", 9, "SELECT 4"));
        String mid2 = api.submitOk(sqlIn("serial", 5, "SELECT 5"));
        List<String> waiting = List.of(low1, mid1, low2, top, mid2);
        waiting.forEach(id -> assertThat(api.state(id)).isEqualTo("QUEUED"));

        api.cancel(blocker);
        waiting.forEach(api::awaitFinal);

        List<String> byStart = new ArrayList<>(waiting);
        byStart.sort(Comparator.comparing(
                id -> Instant.parse(api.job(id).path("startedAt").asString())));
        assertThat(byStart).containsExactly(top, mid1, mid2, low1, low2);
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndCreatesNothing() {
        List<String> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(api.submitOk(sql(ENDLESS)));
        }
        running.forEach(id -> awaitState(id, "RUNNING"));
        String batch = UUID.randomUUID().toString();
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            queued.add(api.submitOk(Api.json(
                    Map.of("type", "sql", "tags", Map.of("batch", batch), "params", Map.of("sql", "SELECT 1")))));
        }
        String key = "rejected-" + UUID.randomUUID();

        Api.Response refused = api.submit(
                Api.json(Map.of("type", "sql", "tags", Map.of("batch", batch), "params", Map.of("sql", "SELECT 1"))),
                "Idempotency-Key",
                key);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("7");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("type").asString()).endsWith("queue-full");
        assertThat(api.get("/api/v1/jobs?limit=500&tag=batch:" + batch)
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(60);
        assertThat(api.get("/api/v1/admission").body().path("queued").asInt()).isEqualTo(60);

        queued.forEach(id -> assertThat(api.cancel(id).status()).isEqualTo(200));
        running.forEach(api::cancel);
        awaitIdle();
        Api.Response later = api.submit(sql("SELECT 1"), "Idempotency-Key", key);
        assertThat(later.status())
                .as("the refused request left no claim on its key")
                .isEqualTo(202);
        api.awaitFinal(later.body().path("id").asString());
    }
}
