package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An Airflow task's submit, retried after the service was killed and started again on the
 * same data directory (the service as its own process, {@code java -jar}): the retry's key finds the
 * job of before the restart, a cleared task's key makes a new one, and the status monitor answers
 * for both.
 */
class AirflowRetryRestartIT {

    private static final Path JAR = ServiceJar.EXTRACTED;
    private static final String ENDLESS = "SELECT sum(id % 1000) FROM range(0, 50000000000)";
    private static final String RUN = "scheduled__2026-11-22T00:00:00+00:00";

    private final Path data =
            Path.of("target", "it-data", "airflow-restart-" + UUID.randomUUID()).toAbsolutePath();

    /** {{ dag.dag_id }}:{{ run_id }}:{{ ti.task_id }}:{{ ti.max_tries }} */
    private static String key(String task, int maxTries) {
        return "daily_sales:" + RUN + ":" + task + ":" + maxTries;
    }

    @Test
    void retriedSubmitsReattachAcrossAKillAndAClearedTaskGetsANewJob() throws Exception {
        Files.createDirectories(data);
        String load = job("SELECT 42 AS answer");
        String aggregate = job(ENDLESS);
        String loaded;
        String lost;

        // 1. two tasks submit; one job ends, one is running when the service is killed
        try (ServiceJar first = start("first")) {
            Api.Response r = first.api.submit(load, "Idempotency-Key", key("load", 0));
            assertThat(r.status()).isEqualTo(202);
            loaded = r.body().path("id").asString();
            Api.Response a = first.api.submit(aggregate, "Idempotency-Key", key("aggregate", 0));
            assertThat(a.status()).isEqualTo(202);
            lost = a.body().path("id").asString();
            awaitState(first.api, loaded, "SUCCEEDED");
            awaitState(first.api, lost, "RUNNING");
            first.kill();
        }

        // 2. after the kill: each retry gets its job back, no second one; a cleared task gets a new job
        try (ServiceJar second = start("second")) {
            Api.Response retried = second.api.submit(load, "Idempotency-Key", key("load", 0));
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.body().path("id").asString()).isEqualTo(loaded);
            assertThat(retried.header("Location"))
                    .isEqualTo("http://127.0.0.1:" + second.api.port() + "/api/v1/jobs/" + loaded + "/status");

            Api.Response lostAgain = second.api.submit(aggregate, "Idempotency-Key", key("aggregate", 0));
            assertThat(lostAgain.status()).isEqualTo(200);
            assertThat(lostAgain.body().path("id").asString()).isEqualTo(lost);
            assertThat(lostAgain.body().path("error").path("type").asString()).isEqualTo("DRIVER_RESTART");
            assertThat(jobCount(second.api)).as("no retry created a job").isEqualTo(2);

            Api.Response status = second.api.get("/api/v1/jobs/" + loaded + "/status");
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.body().path("result").path("rows").toString()).isEqualTo("[[42]]");
            Api.Response lostStatus = second.api.get("/api/v1/jobs/" + lost + "/status");
            assertThat(lostStatus.status())
                    .as("the sensor fails on the lost job")
                    .isEqualTo(422);

            Api.Response clear = second.api.submit(load, "Idempotency-Key", key("load", 1));
            assertThat(clear.status()).isEqualTo(202);
            String cleared = clear.body().path("id").asString();
            assertThat(cleared).isNotEqualTo(loaded);
            awaitState(second.api, cleared, "SUCCEEDED");
            Api.Response clearedAgain = second.api.submit(load, "Idempotency-Key", key("load", 1));
            assertThat(clearedAgain.status()).isEqualTo(200);
            assertThat(clearedAgain.body().path("id").asString()).isEqualTo(cleared);
            assertThat(jobCount(second.api)).isEqualTo(3);
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
                        "--jobservice.shutdown.drain-timeout=2s",
                        "--jobservice.jobs.stop-grace=2s",
                        "--jobservice.jobs.status-retry-after=1s",
                        "--jobservice.lease.ttl=5s",
                        "--jobservice.spark.conf.spark.sql.shuffle.partitions=2"));
    }

    private static String job(String sql) {
        return Api.json(Map.of("type", "sql", "params", Map.of("sql", sql), "cancelIfUnpolledSeconds", 600));
    }

    private static void awaitState(Api api, String id, String state) {
        await(id + " " + state)
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.state(id).equals(state));
    }

    private static int jobCount(Api api) {
        return api.get("/api/v1/jobs?limit=500").body().path("items").size();
    }
}
