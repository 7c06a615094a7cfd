package dev.sparkjobs.batches;

import static dev.sparkjobs.support.Batches.awaitEnd;
import static dev.sparkjobs.support.Batches.awaitJob;
import static dev.sparkjobs.support.Batches.node;
import static dev.sparkjobs.support.Batches.submitOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Batches end to end: real HTTP, the real coordinator, real Spark jobs. */
class BatchIT extends AbstractIT {

    private static final String BATCHES = "/api/v1/batches";

    @Test
    void aDiamondOfSqlJobsSucceedsThroughTheStatusMonitor() {
        Api.Response submitted = api.post(
                BATCHES,
                batch(
                        Map.of("name", "diamond"),
                        List.of(
                                job("a", List.of(), "SELECT 1 AS n"),
                                job("b", List.of("a"), "SELECT 2 AS n"),
                                job("c", List.of("a"), "SELECT 3 AS n"),
                                job("d", List.of("b", "c"), "SELECT 4 AS n"))));

        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        assertThat(submitted.header("Location"))
                .isEqualTo("http://127.0.0.1:" + api.port() + "/api/v1/batches/" + id + "/status");
        assertThat(submitted.header("Retry-After")).isNotBlank();
        assertThat(submitted.body().path("edges")).hasSize(4);
        Api.Response first = api.get(BATCHES + "/" + id + "/status");
        assertThat(first.status()).as("a batch just submitted still runs").isEqualTo(202);

        await().atMost(Duration.ofSeconds(90))
                .until(() -> api.get(BATCHES + "/" + id + "/status").status() != 202);
        Api.Response done = api.get(BATCHES + "/" + id + "/status");

        assertThat(done.status()).isEqualTo(200);
        JsonNode b = done.body();
        assertThat(b.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(b.path("counts").path("SUCCEEDED").asInt()).isEqualTo(4);
        JsonNode d = node(b, "d");
        JsonNode job = api.job(d.path("jobId").asString());
        assertThat(job.path("batchId").asString()).isEqualTo(id);
        assertThat(job.path("batchKey").asString()).isEqualTo("d");
        assertThat(job.path("result").path("rows").get(0).get(0).asInt()).isEqualTo(4);
        assertThat(instant(job, "submittedAt"))
                .as("d started after b and c ended")
                .isAfterOrEqualTo(instant(api.job(node(b, "b").path("jobId").asString()), "finishedAt"));
    }

    @Test
    void aResultReferenceCarriesAnUpstreamResultIntoTheNextJobsParams() {
        String id = submitOk(
                api,
                batch(
                        Map.of(),
                        List.of(
                                job("answer", List.of(), "SELECT 41 AS n"),
                                job("next", List.of("answer"), "SELECT ${jobs.answer.result.rows.0.0} + 1 AS m"))));

        JsonNode b = awaitEnd(api, id);

        assertThat(b.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode next = api.job(node(b, "next").path("jobId").asString());
        assertThat(next.path("params").path("sql").asString()).isEqualTo("SELECT 41 + 1 AS m");
        assertThat(next.path("result").path("rows").get(0).get(0).asInt()).isEqualTo(42);
    }

    @Test
    void anUnresolvableReferenceFailsItsJobAndSkipsWhatDependsOnIt() {
        String id = submitOk(
                api,
                batch(
                        Map.of(),
                        List.of(
                                job("one", List.of(), "SELECT 1 AS n"),
                                job("ref", List.of("one"), "SELECT ${jobs.one.result.rows.5.0}"),
                                job("after", List.of("ref"), "SELECT 3"))));

        JsonNode b = awaitEnd(api, id);

        assertThat(b.path("state").asString()).isEqualTo("FAILED");
        JsonNode ref = node(b, "ref");
        assertThat(ref.path("state").asString()).isEqualTo("FAILED");
        assertThat(ref.path("error").path("type").asString()).isEqualTo("UNRESOLVED_REFERENCE");
        assertThat(ref.path("error").path("message").asString()).contains("params.sql", "${jobs.one.result.rows.5.0}");
        assertThat(api.job(ref.path("jobId").asString()).path("state").asString())
                .as("a job record exists for a job that never ran")
                .isEqualTo("FAILED");
        JsonNode after = node(b, "after");
        assertThat(after.path("state").asString()).isEqualTo("SKIPPED");
        assertThat(after.path("error").path("type").asString()).isEqualTo("SKIPPED");
        Api.Response status = api.get(BATCHES + "/" + id + "/status");
        assertThat(status.status()).isEqualTo(422);
        assertThat(status.body().path("batch").path("id").asString()).isEqualTo(id);
    }

    @Test
    void aBadBatchIsRefusedWithEveryProblemNamed() {
        Map<String, Object> badParams = new LinkedHashMap<>(job("bad", List.of(), "SELECT 1"));
        badParams.put("params", Map.of("sql", "SELECT 1", "maxRows", 0));
        Api.Response r = api.post(
                BATCHES,
                batch(
                        Map.of(),
                        List.of(
                                job("x", List.of("z"), "SELECT 1"),
                                job("y", List.of("x"), "SELECT 1"),
                                job("z", List.of("y"), "SELECT 1"),
                                job("dup", List.of(), "SELECT 1"),
                                job("dup", List.of(), "SELECT 1"),
                                job("lost", List.of("nowhere"), "SELECT 1"),
                                job("refs", List.of(), "SELECT ${jobs.nobody.result.rows.0.0}"),
                                job("broken", List.of(), "SELECT ${jobs.}"),
                                badParams)));

        assertThat(r.status()).isEqualTo(400);
        String errors = r.body().path("errors").toString();
        assertThat(errors)
                .contains("x -> z -> y -> x", "duplicate key 'dup'", "nowhere", "jobs[6].params.sql")
                .contains("jobs[7].params.sql", "jobs[8].params.maxRows");

        Api.Response notUpstream = api.post(
                BATCHES,
                batch(
                        Map.of(),
                        List.of(
                                job("a", List.of(), "SELECT 1"),
                                job("b", List.of(), "SELECT ${jobs.a.result.rows.0.0}"))));
        assertThat(notUpstream.status()).isEqualTo(400);
        assertThat(notUpstream.body().path("errors").get(0).path("field").asString())
                .isEqualTo("jobs[1].params.sql");
        assertThat(notUpstream.body().path("errors").get(0).path("message").asString())
                .contains("not upstream");
    }

    @Test
    void limitsEnumsAndMediaTypesAreRefusedAsProblems() {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(job("j" + i, List.of(), "SELECT 1"));
        }
        assertThat(api.post(BATCHES, batch(Map.of(), many)).status()).isEqualTo(400);
        Api.Response zero =
                api.post(BATCHES, batch(Map.of("concurrency", 0), List.of(job("a", List.of(), "SELECT 1"))));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body().path("errors").toString()).contains("concurrency");
        Map<String, Object> sometimes = new LinkedHashMap<>(job("a", List.of(), "SELECT 1"));
        sometimes.put("runIf", "SOMETIMES");
        Api.Response badEnum = api.post(BATCHES, batch(Map.of(), List.of(sometimes)));
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.body().path("errors").toString()).contains("runIf");
        assertThat(api.post(BATCHES, batch(Map.of(), List.of(job("bad key!", List.of(), "SELECT 1"))))
                        .status())
                .isEqualTo(400);
        Api.Response text =
                api.postRaw(BATCHES, HttpRequest.BodyPublishers.ofString("jobs"), "Content-Type", "text/plain");
        assertThat(text.status()).isEqualTo(415);
        String huge = "SELECT '" + "x".repeat(1_100_000) + "'";
        assertThat(api.post(BATCHES, batch(Map.of(), List.of(job("a", List.of(), huge))))
                        .status())
                .isEqualTo(413);
        assertThat(api.get(BATCHES + "/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get(BATCHES + "/not-a-uuid/status").status()).isEqualTo(404);
    }

    @Test
    void twoHundredJobsInOneRequestRunNeverMoreThanTheConcurrencyAtOnce() {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            jobs.add(job("j" + i, List.of(), "SELECT " + i + " AS n"));
        }
        String id = submitOk(api, batch(Map.of("concurrency", 3), jobs));
        AtomicInteger peak = new AtomicInteger();

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode b = api.get(BATCHES + "/" + id).body();
                    int active = b.path("counts").path("QUEUED").asInt()
                            + b.path("counts").path("RUNNING").asInt();
                    peak.accumulateAndGet(active, Math::max);
                    return !b.path("state").asString().equals("RUNNING");
                });

        JsonNode b = api.get(BATCHES + "/" + id).body();
        assertThat(b.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(b.path("counts").path("SUCCEEDED").asInt()).isEqualTo(200);
        assertThat(peak.get()).as("jobs QUEUED or RUNNING at once").isBetween(1, 3);
    }

    @Test
    void failFastCancelsTheRunningJobAndSkipsThePendingOnes() {
        String id = submitOk(
                api,
                batch(
                        Map.of("failurePolicy", "FAIL_FAST", "concurrency", 2),
                        List.of(
                                job("long", List.of(), ENDLESS),
                                job("victim", List.of(), ENDLESS),
                                job("later", List.of("long"), "SELECT 1"))));
        String longJob = awaitJob(api, id, "long");
        String victim = awaitJob(api, id, "victim");
        // both have Spark work running: a stop lands on work, not on a job still being planned
        awaitSparkJobRunning(longJob);
        awaitSparkJobRunning(victim);

        // a job its user cancelled counts as failed: fail-fast trips
        assertThat(api.cancel(victim).status()).isEqualTo(202);
        JsonNode b = awaitEnd(api, id);

        assertThat(b.path("state").asString()).isEqualTo("FAILED");
        assertThat(node(b, "victim").path("error").path("type").asString()).isEqualTo("CANCELLED");
        assertThat(node(b, "long").path("state").asString()).isEqualTo("CANCELLED");
        assertThat(node(b, "long").path("error").path("type").asString()).isEqualTo("BATCH_STOPPED");
        assertThat(node(b, "later").path("state").asString()).isEqualTo("SKIPPED");
        assertThat(node(b, "later").path("error").path("message").asString()).contains("victim");
    }

    @Test
    void aCancelledBatchStopsItsJobsAndCannotBeCancelledTwice() {
        String id = submitOk(
                api,
                batch(Map.of(), List.of(job("long", List.of(), ENDLESS), job("later", List.of("long"), "SELECT 1"))));
        awaitSparkJobRunning(awaitJob(api, id, "long"));

        Api.Response cancel = api.postRaw(BATCHES + "/" + id + "/cancel", HttpRequest.BodyPublishers.noBody());
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.body().path("cancelRequestedAt").isNull()).isFalse();
        JsonNode b = awaitEnd(api, id);

        assertThat(b.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(node(b, "long").path("state").asString()).isEqualTo("CANCELLED");
        assertThat(node(b, "later").path("state").asString()).isEqualTo("SKIPPED");
        Api.Response again = api.postRaw(BATCHES + "/" + id + "/cancel", HttpRequest.BodyPublishers.noBody());
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aRepairRerunsTheFailedJobAndItsDownstreamAsNewJobs() {
        String table = "repair_probe_" + suffix();
        String id = submitOk(
                api,
                batch(
                        Map.of(),
                        List.of(
                                job("ok", List.of(), "SELECT 1 AS n"),
                                job("read", List.of("ok"), "SELECT count(*) AS n FROM " + table),
                                job("report", List.of("read"), "SELECT ${jobs.read.result.rows.0.0} AS rows_read"))));
        JsonNode failed = awaitEnd(api, id);
        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(node(failed, "report").path("state").asString()).isEqualTo("SKIPPED");
        String firstRead = node(failed, "read").path("jobId").asString();
        String firstOk = node(failed, "ok").path("jobId").asString();
        assertThat(api.postRaw(BATCHES + "/" + id + "/repair", HttpRequest.BodyPublishers.noBody())
                        .status())
                .as("an ended batch that failed can be repaired")
                .isEqualTo(202);
        awaitEnd(api, id); // the repair ran before the table existed: it fails again

        spark.sql("CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT) USING delta");
        spark.sql("INSERT INTO " + table + " VALUES (1), (2)");
        Api.Response repair = api.postRaw(BATCHES + "/" + id + "/repair", HttpRequest.BodyPublishers.noBody());
        assertThat(repair.status()).isEqualTo(202);
        assertThat(repair.body().path("repairs").asInt()).isEqualTo(2);
        JsonNode b = awaitEnd(api, id);

        assertThat(b.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(node(b, "ok").path("run").asInt())
                .as("what succeeded is not rerun")
                .isEqualTo(1);
        assertThat(node(b, "ok").path("jobId").asString()).isEqualTo(firstOk);
        JsonNode read = node(b, "read");
        assertThat(read.path("run").asInt()).isEqualTo(3);
        assertThat(read.path("earlierJobIds").get(0).asString()).isEqualTo(firstRead);
        assertThat(read.path("earlierJobIds")).hasSize(2);
        JsonNode report = api.job(node(b, "report").path("jobId").asString());
        assertThat(report.path("result").path("rows").get(0).get(0).asInt()).isEqualTo(2);
        Api.Response nothing = api.postRaw(BATCHES + "/" + id + "/repair", HttpRequest.BodyPublishers.noBody());
        assertThat(nothing.status())
                .as("every job succeeded: nothing to repair")
                .isEqualTo(409);
        assertThat(nothing.body().path("detail").asString()).endsWith("has nothing to repair: every job succeeded");
    }

    @Test
    void anIdempotencyKeyReturnsTheEarlierBatchOrRefusesAnotherRequest() {
        String key = "batch-key-" + suffix();
        String body = batch(Map.of("name", "idem"), List.of(job("a", List.of(), "SELECT 1")));
        Api.Response first = api.post(BATCHES, body, "Idempotency-Key", key);
        Api.Response replay = api.post(BATCHES, body, "Idempotency-Key", key);
        Api.Response other = api.post(
                BATCHES,
                batch(Map.of("name", "other"), List.of(job("a", List.of(), "SELECT 1"))),
                "Idempotency-Key",
                key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().path("id").asString())
                .isEqualTo(first.body().path("id").asString());
        assertThat(other.status()).isEqualTo(409);
        awaitEnd(api, first.body().path("id").asString());
    }

    @Test
    void anotherTenantsBatchIsNotFoundAndAViewerCannotSubmit() {
        Api alice = new Api(port).withApiKey(ALICE_KEY);
        Api bob = new Api(port).withApiKey(BOB_KEY);
        Api ann = new Api(port).withApiKey(ANN_KEY);
        String body = batch(Map.of(), List.of(job("a", List.of(), "SELECT 1")));
        Api.Response mine = alice.post(BATCHES, body);
        assertThat(mine.status()).isEqualTo(202);
        String id = mine.body().path("id").asString();

        assertThat(bob.get(BATCHES + "/" + id).status()).isEqualTo(404);
        assertThat(bob.postRaw(BATCHES + "/" + id + "/cancel", HttpRequest.BodyPublishers.noBody())
                        .status())
                .isEqualTo(404);
        assertThat(bob.get(BATCHES).body().path("items").toString()).doesNotContain(id);
        assertThat(ann.get(BATCHES + "/" + id).status())
                .as("same tenant, viewer")
                .isEqualTo(200);
        assertThat(ann.post(BATCHES, body).status()).isEqualTo(403);
        assertThat(alice.get(BATCHES + "?limit=50").body().path("items").toString())
                .contains(id);
        JsonNode b = awaitEnd(api, id);
        assertThat(b.path("tenant").asString()).isEqualTo("team-a");
        assertThat(api.job(node(b, "a").path("jobId").asString()).path("tenant").asString())
                .as("its jobs run as its owner")
                .isEqualTo("team-a");
    }

    private static java.time.Instant instant(JsonNode job, String field) {
        return java.time.Instant.parse(job.path(field).asString());
    }

    private static Map<String, Object> job(String key, List<String> dependsOn, String sql) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("key", key);
        job.put("dependsOn", dependsOn);
        job.put("type", "sql");
        job.put("params", Map.of("sql", sql));
        return job;
    }

    private static String batch(Map<String, Object> fields, List<Map<String, Object>> jobs) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("jobs", jobs);
        return Api.json(body);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
