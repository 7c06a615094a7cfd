package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.JobServiceApplication;
import dev.sparkjobs.support.Api;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs in a JVM of its own (a failsafe execution of its own): stops the whole application context,
 * SparkSession included, and starts it again on the same data directory.
 */
class IdempotencyRestartIT {

    @Test
    void anIdempotencyKeySurvivesARestartAndTheSessionStopsWithTheContext() throws Exception {
        // relative and without "./", which H2 refuses unless the service makes the path absolute
        Path dataDir = Path.of("target", "restart-it-" + System.nanoTime());
        String body = Api.json(Map.of("type", "sql", "params", Map.of("sql", "SELECT 42 AS answer")));
        String id;
        SparkSession first;

        try (ConfigurableApplicationContext app = start(dataDir)) {
            Api api = new Api(port(app));
            Api.Response submitted = api.submit(body, "Idempotency-Key", "nightly-2026-11-21");
            assertThat(submitted.status()).isEqualTo(202);
            id = submitted.body().path("id").asString();
            assertThat(api.awaitFinal(id).path("result").path("rows").toString())
                    .isEqualTo("[[42]]");
            String tables = api.submitOk(Api.statementsJob(
                    "CREATE TABLE kept USING delta AS SELECT id FROM range(0, 5)",
                    "CREATE DATABASE sales",
                    "CREATE TABLE sales.orders (id INT) USING delta",
                    "INSERT INTO sales.orders VALUES (1), (2)"));
            assertThat(api.awaitFinal(tables).path("state").asString()).isEqualTo("SUCCEEDED");
            first = app.getBean(SparkSession.class);
        }
        assertThat(first.sparkContext().isStopped())
                .as("the SparkSession stops with the context")
                .isTrue();

        try (ConfigurableApplicationContext app = start(dataDir)) {
            Api api = new Api(port(app));

            Api.Response retried = api.submit(body, "Idempotency-Key", "nightly-2026-11-21");
            Api.Response changed = api.submit(
                    Api.json(Map.of("type", "sql", "params", Map.of("sql", "SELECT 43"))),
                    "Idempotency-Key",
                    "nightly-2026-11-21");

            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.body().path("id").asString()).isEqualTo(id);
            assertThat(retried.body().path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(changed.status()).isEqualTo(409);
            assertThat(api.get("/api/v1/jobs").body().path("items").size()).isEqualTo(2);
            assertThat(app.getBean(SparkSession.class).sparkContext().isStopped())
                    .isFalse();
            String read = api.submitOk(Api.json(Map.of(
                    "type",
                    "sql",
                    "params",
                    Map.of("sql", "SELECT (SELECT count(*) FROM kept), (SELECT sum(id) FROM sales.orders)"))));
            assertThat(api.awaitFinal(read).path("result").path("rows").toString())
                    .as("tables created by name before the restart are found by name after it")
                    .isEqualTo("[[5,3]]");
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(JobServiceApplication.class)
                .profiles("it")
                .run("--server.port=0", "--jobservice.data-dir=" + dataDir);
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
