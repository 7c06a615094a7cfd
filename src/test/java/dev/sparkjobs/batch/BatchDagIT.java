package dev.sparkjobs.batch;

import static dev.sparkjobs.support.Batches.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A 20-job DAG of cheap SQL jobs, two of them failing, with nodes of every runIf: run under CONTINUE
 * and under FAIL_FAST, every node's final state and the batch's as the design says.
 */
class BatchDagIT extends AbstractIT {

    private static final String FAIL = "SELECT * FROM no_such_table_for_batch_dag";
    private static final String OK = "SELECT 1 AS n";

    /** key, dependsOn, runIf, sql; in request order. */
    private record Node(String key, List<String> dependsOn, RunIf runIf, String sql) {}

    private static List<Node> dag(String rootSql) {
        return List.of(
                new Node("s1", List.of(), RunIf.ALL_SUCCESS, rootSql),
                new Node("s2", List.of(), RunIf.ALL_SUCCESS, rootSql),
                new Node("f1", List.of(), RunIf.ALL_SUCCESS, FAIL),
                new Node("s3", List.of("s1"), RunIf.ALL_SUCCESS, OK),
                new Node("s4", List.of("s1", "s2"), RunIf.ALL_SUCCESS, OK),
                new Node("a1", List.of("f1"), RunIf.ALL_SUCCESS, OK),
                new Node("a2", List.of("a1"), RunIf.ALL_SUCCESS, OK),
                new Node("d1", List.of("f1", "s1"), RunIf.ALL_DONE, OK),
                new Node("n1", List.of("a1", "s3"), RunIf.NONE_FAILED, OK),
                new Node("n2", List.of("f1"), RunIf.NONE_FAILED, OK),
                new Node("o1", List.of("f1"), RunIf.AT_LEAST_ONE_FAILED, OK),
                new Node("o2", List.of("s3", "s4"), RunIf.AT_LEAST_ONE_FAILED, OK),
                new Node("f2", List.of("s4"), RunIf.ALL_SUCCESS, FAIL),
                new Node("o3", List.of("f2", "s2"), RunIf.AT_LEAST_ONE_FAILED, OK),
                new Node("a3", List.of("f2"), RunIf.ALL_SUCCESS, OK),
                new Node("d2", List.of("a3", "o3"), RunIf.ALL_DONE, OK),
                new Node("n3", List.of("s3", "s4"), RunIf.NONE_FAILED, OK),
                new Node("a4", List.of("n3", "d1"), RunIf.ALL_SUCCESS, OK),
                new Node("d3", List.of("a2", "n2"), RunIf.ALL_DONE, OK),
                new Node("s5", List.of("a4", "n1"), RunIf.ALL_SUCCESS, OK));
    }

    @Test
    void underContinueEachFailureReachesOnlyItsDownstreamThroughRunIf() {
        JsonNode batch = run("CONTINUE", dag(OK));

        assertThat(batch.path("state").asString()).isEqualTo("FAILED");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("s1", "SUCCEEDED");
        expected.put("s2", "SUCCEEDED");
        expected.put("f1", "FAILED");
        expected.put("s3", "SUCCEEDED");
        expected.put("s4", "SUCCEEDED");
        expected.put("a1", "SKIPPED"); // ALL_SUCCESS over a failure
        expected.put("a2", "SKIPPED"); // ALL_SUCCESS over a skip
        expected.put("d1", "SUCCEEDED"); // ALL_DONE runs whatever happened
        expected.put("n1", "SUCCEEDED"); // NONE_FAILED: skipped and succeeded are fine
        expected.put("n2", "SKIPPED"); // NONE_FAILED over a failure
        expected.put("o1", "SUCCEEDED"); // AT_LEAST_ONE_FAILED over a failure
        expected.put("o2", "SKIPPED"); // AT_LEAST_ONE_FAILED with none failed
        expected.put("f2", "FAILED");
        expected.put("o3", "SUCCEEDED");
        expected.put("a3", "SKIPPED");
        expected.put("d2", "SUCCEEDED");
        expected.put("n3", "SUCCEEDED");
        expected.put("a4", "SUCCEEDED");
        expected.put("d3", "SUCCEEDED");
        expected.put("s5", "SUCCEEDED");
        assertThat(states(batch)).containsExactlyEntriesOf(expected);
        assertThat(error(batch, "a1")).contains("f1 FAILED");
        assertThat(error(batch, "o2")).contains("AT_LEAST_ONE_FAILED");
        assertThat(batch.path("counts").path("SUCCEEDED").asInt()).isEqualTo(13);
        assertThat(batch.path("counts").path("SKIPPED").asInt()).isEqualTo(5);
        assertThat(batch.path("counts").path("FAILED").asInt()).isEqualTo(2);
    }

    @Test
    void underFailFastTheFirstFailureCancelsTheRunningJobsAndSkipsTheRest() {
        // the roots beside f1 run until cancelled, so that they are surely active when f1 fails
        JsonNode batch = run("FAIL_FAST", dag(ENDLESS));

        assertThat(batch.path("state").asString()).isEqualTo("FAILED");
        Map<String, String> states = states(batch);
        assertThat(states.get("f1")).isEqualTo("FAILED");
        assertThat(states.get("s1")).isEqualTo("CANCELLED");
        assertThat(states.get("s2")).isEqualTo("CANCELLED");
        assertThat(error(batch, "s1")).isNotNull();
        assertThat(node(batch, "s1").path("error").path("type").asString()).isEqualTo("BATCH_STOPPED");
        states.forEach((key, state) -> {
            if (!List.of("s1", "s2", "f1").contains(key)) {
                assertThat(state).as(key).isEqualTo("SKIPPED");
                assertThat(node(batch, key).path("jobId").isNull())
                        .as("a skipped node still has its job")
                        .isFalse();
            }
        });
        assertThat(error(batch, "d1")).contains("batch stopped: f1 FAILED");
    }

    private JsonNode run(String policy, List<Node> nodes) {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Node n : nodes) {
            jobs.add(Map.of(
                    "key", n.key(),
                    "dependsOn", n.dependsOn(),
                    "runIf", n.runIf().name(),
                    "type", "sql",
                    "params", Map.of("sql", n.sql())));
        }
        Api.Response submitted = api.post(
                "/api/v1/batches",
                Api.json(Map.of("name", "dag-" + policy, "concurrency", 4, "failurePolicy", policy, "jobs", jobs)));
        assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/batches/" + id + "/status").status() != 202);
        return api.get("/api/v1/batches/" + id).body();
    }

    private static Map<String, String> states(JsonNode batch) {
        Map<String, String> states = new LinkedHashMap<>();
        batch.path("jobs")
                .forEach(j ->
                        states.put(j.path("key").asString(), j.path("state").asString()));
        return states;
    }

    private static String error(JsonNode batch, String key) {
        JsonNode e = node(batch, key).path("error");
        return e.isNull() || e.isMissingNode() ? null : e.path("message").asString();
    }
}
