package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CancelIT extends AbstractIT {

    @Test
    void cancellingARunningQueryStopsItsSparkWork() {
        String id = api.submitOk(sql(ENDLESS));
        awaitSparkJobRunning(id);

        Api.Response cancel = api.cancel(id);

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.body().path("state").asString()).isEqualTo("RUNNING");
        assertThat(cancel.body().path("cancelRequestedAt").isNull()).isFalse();
        // how fast is the benchmark's business (docs/benchmarks); here: that it stops, and for real
        awaitState(id, "CANCELLED");
        assertThat(sparkJobsRunning(id)).isZero();
        JsonNode job = api.job(id);
        assertThat(job.path("error").path("type").asString()).isEqualTo("CANCELLED");
        assertThat(job.path("cancelRequestedAt").isNull()).isFalse();
        assertThat(api.cancel(id).status()).isEqualTo(409);
    }

    @Test
    void aCancelledQueuedJobNeverStarts() {
        String blocker = api.submitOk(sqlIn("serial", 0, ENDLESS));
        awaitSparkJobRunning(blocker);
        String queued = api.submitOk(sqlIn("serial", 0, "SELECT 1"));
        assertThat(api.state(queued)).isEqualTo("QUEUED");

        Api.Response cancel = api.cancel(queued);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body().path("state").asString()).isEqualTo("CANCELLED");
        api.cancel(blocker);
        awaitState(blocker, "CANCELLED");
        awaitIdle();
        JsonNode job = api.job(queued);
        assertThat(job.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(job.path("startedAt").isNull()).isTrue();
        assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(queued))
                .isEmpty();
    }

    @Test
    void cancelOfAFinishedJobIs409AndOfAnUnknownOne404() {
        String id = api.submitOk(sql("SELECT 1"));
        api.awaitFinal(id);

        Api.Response finished = api.cancel(id);
        assertThat(finished.status()).isEqualTo(409);
        assertThat(finished.contentType()).startsWith("application/problem+json");
        assertThat(finished.body().path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.cancel(UUID.randomUUID().toString()).status()).isEqualTo(404);
        assertThat(api.cancel("not-an-id").status()).isEqualTo(404);
    }

    @Test
    void aJobPastItsTimeoutIsStoppedAndEndsTimedOut() {
        String id =
                api.submitOk(Api.json(Map.of("type", "sql", "timeoutSeconds", 1, "params", Map.of("sql", ENDLESS))));

        await().atMost(Duration.ofSeconds(15)).until(() -> api.state(id).equals("TIMED_OUT"));

        JsonNode job = api.job(id);
        assertThat(job.path("error").path("type").asString()).isEqualTo("TIMED_OUT");
        assertThat(Duration.between(
                        java.time.Instant.parse(job.path("startedAt").asString()),
                        java.time.Instant.parse(job.path("finishedAt").asString())))
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(sparkJobsRunning(id)).isZero();
        assertThat(api.get("/api/v1/jobs/" + id + "/status").status()).isEqualTo(422);
    }

    @Test
    void aDeltaWriteCancelledHalfWayLeavesTheTableAtItsPreviousVersion() {
        String table = "orders_" + UUID.randomUUID().toString().replace("-", "");
        String setUp = api.submitOk(Api.statementsJob(
                "CREATE TABLE " + table + " (id BIGINT) USING delta",
                "INSERT INTO " + table + " SELECT id FROM range(0, 1000)"));
        assertThat(api.awaitFinal(setUp).path("state").asString()).isEqualTo("SUCCEEDED");
        long versionBefore = latestVersion(table);

        String write = api.submitOk(
                sql("INSERT INTO " + table + " SELECT id FROM range(0, 50000000000) WHERE id % 1000003 = 0"));
        awaitSparkJobRunning(write);
        api.cancel(write);
        awaitState(write, "CANCELLED");

        assertThat(latestVersion(table)).isEqualTo(versionBefore);
        assertThat(spark.sql("SELECT count(*) FROM " + table).first().getLong(0))
                .isEqualTo(1000L);
    }

    private long latestVersion(String table) {
        return spark.sql("DESCRIBE HISTORY " + table)
                .selectExpr("max(version)")
                .first()
                .getLong(0);
    }
}
