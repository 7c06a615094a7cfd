package dev.sparkjobs.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The service as a process of its own, killed (SIGKILL) while a batch's first job runs, then started
 * again on the same data directory: the batch goes on from the store and succeeds, with one job per
 * node.
 */
class BatchRestartIT {

    private static final Path JAR = ServiceJar.EXTRACTED;
    /** One Spark task that sleeps eight seconds: long enough to be killed in the middle. */
    private static final String EIGHT_SECONDS = "SELECT reflect('java.lang.Thread', 'sleep', CAST(8000 AS BIGINT))";

    private final Path data =
            Path.of("target", "it-data", "batch-restart-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void aBatchGoesOnAfterAKillAndSucceedsWithOneJobPerNode() throws Exception {
        Files.createDirectories(data);
        Map<String, Object> slow = node("slow", List.of(), EIGHT_SECONDS);
        // the attempt the kill cuts off is retried, as the same job
        slow.put("maxRetries", 1);
        // at once: the default backoff (30 s) would only add to the test's time
        slow.put("retryBackoffSeconds", 0);
        slow.put("retryOn", List.of("DRIVER_RESTART"));
        String body = Api.json(Map.of(
                "name",
                "restart",
                "jobs",
                List.of(
                        slow,
                        node("middle", List.of("slow"), "SELECT 2 AS n"),
                        node("last", List.of("middle"), "SELECT ${jobs.middle.result.rows.0.0} * 21 AS n"))));
        String id;
        String slowJob;
        try (ServiceJar first = start("first")) {
            Api.Response submitted = first.api.post("/api/v1/batches", body);
            assertThat(submitted.status()).isEqualTo(202);
            id = submitted.body().path("id").asString();
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> node(first.api.get("/api/v1/batches/" + id).body(), "slow")
                            .path("state")
                            .asString()
                            .equals("RUNNING"));
            slowJob = node(first.api.get("/api/v1/batches/" + id).body(), "slow")
                    .path("jobId")
                    .asString();
            first.kill();
        }

        try (ServiceJar second = start("second")) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !second.api
                            .get("/api/v1/batches/" + id)
                            .body()
                            .path("state")
                            .asString()
                            .equals("RUNNING"));
            JsonNode batch = second.api.get("/api/v1/batches/" + id + "/status").body();

            assertThat(batch.path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(node(batch, "slow").path("jobId").asString())
                    .as("the slow job was retried as itself, not made again")
                    .isEqualTo(slowJob);
            assertThat(second.api.job(slowJob).path("attempt").asInt()).isEqualTo(2);
            Set<String> jobIds = new HashSet<>();
            for (JsonNode n : batch.path("jobs")) {
                assertThat(n.path("run").asInt()).isEqualTo(1);
                assertThat(n.path("earlierJobIds")).isEmpty();
                jobIds.add(n.path("jobId").asString());
            }
            JsonNode all = second.api.get("/api/v1/jobs?limit=500").body().path("items");
            assertThat(all).as("one job per node, nothing duplicated").hasSize(3);
            for (JsonNode j : all) {
                assertThat(jobIds).contains(j.path("id").asString());
            }
            assertThat(second.api
                            .job(node(batch, "last").path("jobId").asString())
                            .path("result")
                            .path("rows")
                            .toString())
                    .isEqualTo("[[42]]");
        }
    }

    private ServiceJar start(String name) throws Exception {
        return ServiceJar.start(
                JAR,
                data,
                data.resolve(name + ".log"),
                ServiceJar.freePort(),
                ServiceJar.quickStart("-Xmx1g"),
                List.of(
                        "--jobservice.lease.ttl=5s",
                        "--jobservice.batches.tick-interval=500ms",
                        "--jobservice.spark.conf.spark.sql.shuffle.partitions=2",
                        // the slow job sleeps with reflect('java.lang.Thread', 'sleep', ...)
                        "--jobservice.security.sql.defaults.allow-reflection=true"));
    }

    private static Map<String, Object> node(String key, List<String> dependsOn, String sql) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("key", key);
        node.put("dependsOn", dependsOn);
        node.put("type", "sql");
        node.put("params", Map.of("sql", sql));
        return node;
    }

    private static JsonNode node(JsonNode batch, String key) {
        for (JsonNode n : batch.path("jobs")) {
            if (n.path("key").asString().equals(key)) {
                return n;
            }
        }
        throw new AssertionError("no job " + key + " in " + batch);
    }
}
