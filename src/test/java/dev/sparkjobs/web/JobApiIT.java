package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.spark.JobSessions;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class JobApiIT extends AbstractIT {

    @Autowired
    private JobSessions sessions;

    @Test
    void sqlJobSucceedsWithAPreviewOfItsRows() {
        Api.Response r = api.submit(Api.json(Map.of(
                "type",
                "sql",
                "name",
                "preview",
                "tags",
                Map.of("team", "api"),
                "params",
                Map.of("sql", "SELECT id, id * 2 AS twice FROM range(0, 250)", "maxRows", 100))));

        assertThat(r.status()).isEqualTo(202);
        String id = r.body().path("id").asString();
        // absolute, as Azure's async pattern sends it: a client need not resolve it against anything
        assertThat(r.header("Location")).isEqualTo("http://127.0.0.1:" + api.port() + "/api/v1/jobs/" + id + "/status");
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.body().path("name").asString()).isEqualTo("preview");
        assertThat(r.body().path("tags").path("team").asString()).isEqualTo("api");

        JsonNode done = api.awaitFinal(id);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("submittedAt").asString())
                .as("the 202 and every later read show the same instant")
                .isEqualTo(r.body().path("submittedAt").asString());
        JsonNode result = done.path("result");
        assertThat(result.path("columns").toString())
                .isEqualTo("[{\"name\":\"id\",\"type\":\"bigint\"},{\"name\":\"twice\",\"type\":\"bigint\"}]");
        assertThat(result.path("rows").size()).isEqualTo(100);
        assertThat(result.path("rows").get(3).toString()).isEqualTo("[3,6]");
        assertThat(result.path("rowCount").asInt()).isEqualTo(100);
        assertThat(result.path("truncated").asBoolean()).isTrue();
        assertThat(done.path("startedAt").isNull()).isFalse();
        assertThat(done.path("finishedAt").isNull()).isFalse();

        Api.Response status = api.get("/api/v1/jobs/" + id + "/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().path("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void bindsNamedArgumentsAsValuesNotAsSqlText() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("who", "O'Brien'); DROP TABLE x; --");
        args.put("n", 41);
        args.put("flag", true);
        String id = api.submitOk(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT :who AS who, :n + 1 AS next, :flag AS flag", "args", args))));

        JsonNode done = api.awaitFinal(id);

        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("result").path("rows").toString())
                .isEqualTo("[[\"O'Brien'); DROP TABLE x; --\",42,true]]");
        assertThat(done.path("result").path("truncated").asBoolean()).isFalse();
    }

    @Test
    void eachJobHasASessionOfItsOwnAndAReusedSessionKeepsNothingOfTheLastJob() {
        String first = api.submitOk(Api.statementsJob(
                "SET spark.sql.ansi.enabled=false",
                "CREATE TEMP VIEW job_private AS SELECT 1 AS x",
                "CACHE TABLE job_cached AS SELECT 2 AS y",
                "CREATE TEMPORARY FUNCTION plus_one(x INT) RETURNS INT RETURN x + 1",
                "DECLARE VARIABLE secret INT DEFAULT 7",
                "CREATE DATABASE IF NOT EXISTS job_private_db",
                "USE job_private_db",
                "SELECT x + plus_one(secret) FROM job_private"));
        assertThat(api.awaitFinal(first).path("result").path("rows").toString()).isEqualTo("[[9]]");
        long createdAfterFirst = sessions.created();

        // run one at a time, so each takes the session the one before gave back
        Map<String, String> errors = new LinkedHashMap<>();
        for (String probe : List.of(
                "SELECT x FROM job_private",
                "SELECT y FROM job_cached",
                "SELECT plus_one(1)",
                "SELECT secret",
                "SELECT 1 / 0")) {
            errors.put(
                    probe,
                    api.awaitFinal(api.submitOk(sql(probe)))
                            .path("error")
                            .path("type")
                            .asString());
        }
        JsonNode database = api.awaitFinal(api.submitOk(sql("SELECT current_catalog(), current_database()")));

        assertThat(errors)
                .containsEntry("SELECT x FROM job_private", "TABLE_OR_VIEW_NOT_FOUND")
                .containsEntry("SELECT y FROM job_cached", "TABLE_OR_VIEW_NOT_FOUND")
                .containsEntry("SELECT plus_one(1)", "UNRESOLVED_ROUTINE")
                .containsEntry("SELECT 1 / 0", "DIVIDE_BY_ZERO");
        assertThat(errors.get("SELECT secret")).startsWith("UNRESOLVED_COLUMN");
        assertThat(database.path("result").path("rows").toString()).isEqualTo("[[\"spark_catalog\",\"default\"]]");
        assertThat(sessions.created())
                .as("the later jobs reused the first job's session rather than creating their own")
                .isEqualTo(createdAfterFirst);
        assertThat(((org.apache.spark.sql.classic.SparkSession) spark)
                        .sharedState()
                        .cacheManager()
                        .isEmpty())
                .as("dropping the job's cached temp view also uncached it")
                .isTrue();
    }

    @Test
    void decimalsKeepEveryDigitInArgumentsAndResults() {
        String id = api.submitOk("{\"type\":\"sql\",\"params\":{\"sql\":"
                + "\"SELECT CAST('12345678901234567.89' AS DECIMAL(20,2)) AS d, :amt AS a\","
                + "\"args\":{\"amt\":98765432109876543.21}}}");

        JsonNode done = api.awaitFinal(id);

        assertThat(done.path("result").path("rows").toString())
                .isEqualTo("[[12345678901234567.89,98765432109876543.21]]");
    }

    @Test
    void runsStatementsInOrderAndStopsAtTheFirstFailure() {
        String table = "steps_" + UUID.randomUUID().toString().replace("-", "");
        String setUp = api.submitOk(Api.statementsJob(
                "CREATE TABLE " + table + " (v INT) USING delta",
                "INSERT INTO " + table + " VALUES (1)",
                "SELECT count(*) AS n FROM " + table));
        assertThat(api.awaitFinal(setUp).path("result").path("rows").toString()).isEqualTo("[[1]]");

        String broken = api.submitOk(Api.statementsJob(
                "INSERT INTO " + table + " VALUES (10)",
                "SELECT * FROM table_that_does_not_exist",
                "INSERT INTO " + table + " VALUES (20)"));
        JsonNode failed = api.awaitFinal(broken);

        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("error").path("type").asString()).isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
        assertThat(spark.sql("SELECT v FROM " + table + " ORDER BY v")
                        .collectAsList()
                        .toString())
                .isEqualTo("[[1], [10]]");
    }

    @Test
    void failingSqlEndsFailedWithSparksMessageAndTheMonitorSays422() {
        String id = api.submitOk(sql("SELECT * FROM does_not_exist"));

        JsonNode failed = api.awaitFinal(id);

        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("error").path("type").asString()).isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
        assertThat(failed.path("error").path("message").asString())
                .contains("`does_not_exist` cannot be found")
                .doesNotContain("\tat ");
        Api.Response status = api.get("/api/v1/jobs/" + id + "/status");
        assertThat(status.status()).isEqualTo(422);
        assertThat(status.contentType()).startsWith("application/problem+json");
        assertThat(status.body().path("state").asString()).isEqualTo("FAILED");
        assertThat(status.body().path("job").path("id").asString()).isEqualTo(id);
        assertThat(status.body().path("detail").asString()).contains("does_not_exist");
    }

    @Test
    void monitorSays202WhileRunningAnd404OnlyForIdsThatNeverExisted() {
        String id = api.submitOk(ENDLESS_JOB);
        awaitSparkJobRunning(id);

        Api.Response running = api.get("/api/v1/jobs/" + id + "/status");
        assertThat(running.status()).isEqualTo(202);
        assertThat(running.header("Retry-After")).isEqualTo("1");
        assertThat(running.header("Location"))
                .isEqualTo("http://127.0.0.1:" + api.port() + "/api/v1/jobs/" + id + "/status");
        assertThat(running.body().path("state").asString()).isEqualTo("RUNNING");

        Api.Response longPoll = api.get("/api/v1/jobs/" + id + "?waitSeconds=1");
        assertThat(longPoll.status()).isEqualTo(200);
        assertThat(longPoll.body().path("state").asString()).isEqualTo("RUNNING");

        assertThat(api.get("/api/v1/jobs/" + UUID.randomUUID() + "/status").status())
                .isEqualTo(404);

        api.cancel(id);
        awaitState(id, "CANCELLED");
        Api.Response cancelled = api.get("/api/v1/jobs/" + id + "/status");
        assertThat(cancelled.status()).isEqualTo(422);
        assertThat(cancelled.body().path("job").path("state").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void listsNewestFirstWithFiltersAndAnOpaqueCursor() {
        String batch = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.submitOk(Api.json(Map.of(
                    "type",
                    "sql",
                    "tags",
                    Map.of("batch", batch, "n", "" + i),
                    "params",
                    Map.of("sql", "SELECT " + i)))));
        }
        ids.forEach(api::awaitFinal);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page =
                    api.get("/api/v1/jobs?limit=2&tag=batch:" + batch + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(j -> seen.add(j.path("id").asString()));
            cursor = page.body().path("nextCursor").isMissingNode()
                            || page.body().path("nextCursor").isNull()
                    ? null
                    : page.body().path("nextCursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(api.get("/api/v1/jobs?tag=batch:" + batch + "&tag=n:3")
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/jobs?state=SUCCEEDED&type=sql&pool=default&tag=batch:" + batch)
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(5);
        assertThat(api.get("/api/v1/jobs?state=FAILED&tag=batch:" + batch)
                        .body()
                        .path("items")
                        .size())
                .isZero();
        assertThat(api.get("/api/v1/jobs?pool=etl&tag=batch:" + batch)
                        .body()
                        .path("items")
                        .size())
                .isZero();
    }

    @Test
    void theSameIdempotencyKeyGivesTheOriginalJobAndADifferentBodyIsRefused() throws Exception {
        String key = "orders-" + UUID.randomUUID();
        String body = sql("SELECT 7");

        Api.Response first = api.submit(body, "Idempotency-Key", key);
        Api.Response retry = api.submit(body, "Idempotency-Key", key);
        Api.Response other = api.submit(sql("SELECT 8"), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().path("id").asString())
                .isEqualTo(first.body().path("id").asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().path("existingJobId").asString())
                .isEqualTo(first.body().path("id").asString());

        String racedKey = "race-" + UUID.randomUUID();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> api.submit(body, "Idempotency-Key", racedKey));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Api.Response> f : pool.invokeAll(calls)) {
                assertThat(f.get().status()).isIn(200, 202);
                ids.add(f.get().body().path("id").asString());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        api.awaitFinal(first.body().path("id").asString());
    }

    @Test
    void describesJobTypesAndAdmission() {
        JsonNode types = api.get("/api/v1/job-types").body();
        JsonNode sql = types.valueStream()
                .filter(t -> t.path("name").asString().equals("sql"))
                .findFirst()
                .orElseThrow();
        assertThat(sql.path("paramsSchema").path("properties").propertyNames())
                .contains("sql", "statements", "args", "maxRows");
        assertThat(sql.path("paramsSchema").path("additionalProperties").asBoolean(true))
                .isFalse();
        assertThat(sql.path("exampleParams").path("sql").asString()).contains("range(0, 1000)");

        JsonNode admission = api.get("/api/v1/admission").body();
        assertThat(admission.path("maxRunning").asInt()).isEqualTo(4);
        assertThat(admission.path("maxQueued").asInt()).isEqualTo(60);
        assertThat(admission.path("pools").toString())
                .contains("{\"name\":\"serial\",\"maxRunning\":1,\"running\":0,\"queued\":0,\"usedWeight\":0.0}")
                .contains("{\"name\":\"etl\",\"maxRunning\":2,\"running\":0,\"queued\":0,\"usedWeight\":0.0}");
    }

    private static final String ENDLESS_JOB = sql(ENDLESS);
}
