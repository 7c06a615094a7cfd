package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TableSchedulingIT extends AbstractIT {

    private void table(String name) {
        spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (id BIGINT, v STRING) USING delta");
        spark.sql("INSERT INTO " + name + " VALUES (1, 'a'), (2, 'b')");
    }

    private static Instant at(JsonNode job, String field) {
        return Instant.parse(job.path(field).asString());
    }

    @Test
    void conflictingWritesOnOneTableNeverOverlapWhileWritesOnOthersRunBeside() {
        table("sched_orders");
        table("sched_items");
        // a query that runs until cancelled, declaring the write its type cannot see; its many short tasks in
        // a pool of its own leave the FAIR scheduler room for the other pool's jobs
        String holder = api.submitOk(Api.json(Map.of(
                "type",
                "sql",
                "pool",
                "etl",
                "params",
                Map.of("sql", MANY_SHORT_TASKS),
                "writes",
                List.of(Map.of("table", "default.sched_orders", "kind", "MERGE")))));
        try {
            conflictingWritesWait(holder);
        } finally {
            api.cancel(holder);
        }
    }

    private static final String MANY_SHORT_TASKS = "SELECT count(*) FROM range(0, 20000000000, 1, 20000)";

    private void conflictingWritesWait(String holder) {
        awaitState(holder, "RUNNING");
        Api.Response optimize = api.submit(sql("OPTIMIZE sched_orders"));
        String waiter = optimize.body().path("id").asString();
        assertThat(optimize.body().path("writes").toString())
                .isEqualTo("[{\"table\":\"default.sched_orders\",\"kind\":\"OPTIMIZE\"}]");
        String beside = api.submitOk(sql("DELETE FROM sched_items WHERE id = 1"));

        JsonNode besideDone = api.awaitFinal(beside);
        assertThat(besideDone.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(besideDone.path("writes").toString())
                .isEqualTo("[{\"table\":\"default.sched_items\",\"kind\":\"DELETE\"}]");
        JsonNode waiting = api.job(waiter);
        assertThat(waiting.path("state").asString()).isEqualTo("QUEUED");
        assertThat(waiting.path("waitingFor").asString())
                .isEqualTo("table default.sched_orders held by job " + holder + " (MERGE)");
        assertThat(api.job(holder).path("waitingFor").isNull()).isTrue();

        api.cancel(holder);
        JsonNode holderDone = api.awaitFinal(holder);
        JsonNode waiterDone = api.awaitFinal(waiter);

        assertThat(waiterDone.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(at(waiterDone, "startedAt"))
                .as("the OPTIMIZE started only once the MERGE had ended")
                .isAfterOrEqualTo(at(holderDone, "finishedAt"));
        assertThat(at(besideDone, "startedAt"))
                .as("the DELETE on another table ran while the MERGE ran")
                .isBefore(at(holderDone, "finishedAt"))
                .isAfterOrEqualTo(at(holderDone, "startedAt"));
        assertThat(waiterDone.path("waitingFor").isNull()).isTrue();
    }

    @Test
    void jobsShowTheirWeightAndAdmissionShowsTheWeightsInUse() {
        JsonNode job = api.submit(Api.json(Map.of("type", "sql", "weight", 0.5, "params", Map.of("sql", ENDLESS))))
                .body();
        String id = job.path("id").asString();
        assertThat(job.path("weight").asDouble()).isEqualTo(0.5);
        awaitState(id, "RUNNING");
        JsonNode admission = api.get("/api/v1/admission").body();
        assertThat(admission.path("usedWeight").asDouble()).isEqualTo(0.5);
        assertThat(admission.path("weights").path("maintenance").asDouble()).isEqualTo(0.25);
        assertThat(admission.path("maxThreads").asInt()).isGreaterThanOrEqualTo(4);
        api.cancel(id);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.job(id).path("finishedAt").isString());
    }

    @Test
    void aTenantMayNotDeclareWritesOfTablesOutsideItsSchemas() {
        Api sam = api.withBearer(TestTokens.token("sam", "team-s", "submitter", "viewer"));
        Api.Response other = sam.submit(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT 1"),
                "writes",
                List.of(
                        Map.of("table", "team_s.mine", "kind", "MERGE"),
                        Map.of("table", "finance.ledger", "kind", "OVERWRITE")))));
        assertThat(other.status()).as(other.raw()).isEqualTo(400);
        assertThat(other.body().path("errors").findValuesAsString("field")).containsExactly("writes[1].table");
        assertThat(other.body().path("detail").asString()).contains("finance.ledger");
    }

    @Test
    void aWeightOrAWriteOutOfBoundsIsRefusedNamingItsField() {
        Api.Response light =
                api.submit(Api.json(Map.of("type", "sql", "weight", 0.01, "params", Map.of("sql", "SELECT 1"))));
        assertThat(light.status()).isEqualTo(400);
        assertThat(light.body().path("errors").findValuesAsString("field")).containsExactly("weight");

        Api.Response heavy =
                api.submit(Api.json(Map.of("type", "sql", "weight", 50, "params", Map.of("sql", "SELECT 1"))));
        assertThat(heavy.status()).isEqualTo(400);
        assertThat(heavy.body().path("errors").findValuesAsString("field")).containsExactly("weight");

        Api.Response blank = api.submit(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT 1"),
                "writes",
                List.of(Map.of("table", " ", "kind", "MERGE")))));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().path("errors").findValuesAsString("field")).containsExactly("writes[0].table");

        Api.Response kind = api.submit(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT 1"),
                "writes",
                List.of(Map.of("table", "t", "kind", "SHRED")))));
        assertThat(kind.status()).isEqualTo(400);
    }
}
