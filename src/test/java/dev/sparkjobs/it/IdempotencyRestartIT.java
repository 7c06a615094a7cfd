package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.JobServiceApplication;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.ContextThreads;
import dev.sparkjobs.support.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Runs in a JVM of its own (a failsafe execution of its own): stops the whole application context,
 * SparkSession included, and starts it again on the same data directory. Each closed context must
 * leave no thread behind that belongs to it or keeps its web server's class loader.
 */
class IdempotencyRestartIT {

    /** Where Tomcat reports, when a web application stops, the threads and thread-locals it left. */
    private static final String TOMCAT_LEAK_CHECK = "org.apache.catalina.loader.WebappClassLoaderBase";

    private final List<LogCapture> captures = new ArrayList<>();

    @AfterEach
    void stopCapturing() {
        captures.forEach(LogCapture::close);
    }

    @Test
    void anIdempotencyKeySurvivesARestartAndAClosedContextLeavesNoThreadBehind() throws Exception {
        // relative and without "./", which H2 refuses unless the service makes the path absolute
        Path dataDir = Path.of("target", "restart-it-" + System.nanoTime());
        String body = Api.json(Map.of("type", "sql", "params", Map.of("sql", "SELECT 42 AS answer")));
        // scalar subqueries and an aggregation: Spark starts its lazily created pools (subquery,
        // shuffle-exchange, adaptive query stages) from the job's thread
        String read = Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT (SELECT count(*) FROM kept), (SELECT sum(id) FROM sales.orders)")));
        String id;
        SparkSession first;
        ContextThreads firstThreads;
        LogCapture firstLeakWarnings;

        try (ConfigurableApplicationContext app = start(dataDir)) {
            firstThreads = ContextThreads.of(app);
            firstLeakWarnings = capture(TOMCAT_LEAK_CHECK);
            Api api = new Api(port(app)).withApiKey(AbstractIT.ADMIN_KEY);
            Api.Response submitted = api.submit(body, "Idempotency-Key", "nightly-2026-11-21");
            assertThat(submitted.status()).isEqualTo(202);
            id = submitted.body().path("id").asString();
            assertThat(finished(api, id).path("result").path("rows").toString()).isEqualTo("[[42]]");
            String tables = api.submitOk(Api.statementsJob(
                    "CREATE TABLE kept USING delta AS SELECT id FROM range(0, 5)",
                    "CREATE DATABASE sales",
                    "CREATE TABLE sales.orders (id INT) USING delta",
                    "INSERT INTO sales.orders VALUES (1), (2)"));
            assertThat(finished(api, tables).path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(finished(api, api.submitOk(read))
                            .path("result")
                            .path("rows")
                            .toString())
                    .isEqualTo("[[5,3]]");
            first = app.getBean(SparkSession.class);
        }
        assertThat(first.sparkContext().isStopped())
                .as("the SparkSession stops with the context")
                .isTrue();
        assertNothingLeftBehind(firstThreads, firstLeakWarnings);

        ContextThreads secondThreads;
        LogCapture secondLeakWarnings;
        try (ConfigurableApplicationContext app = start(dataDir)) {
            secondThreads = ContextThreads.of(app);
            secondLeakWarnings = capture(TOMCAT_LEAK_CHECK);
            Api api = new Api(port(app)).withApiKey(AbstractIT.ADMIN_KEY);

            Api.Response retried = api.submit(body, "Idempotency-Key", "nightly-2026-11-21");
            Api.Response changed = api.submit(
                    Api.json(Map.of("type", "sql", "params", Map.of("sql", "SELECT 43"))),
                    "Idempotency-Key",
                    "nightly-2026-11-21");

            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.body().path("id").asString()).isEqualTo(id);
            assertThat(retried.body().path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(changed.status()).isEqualTo(409);
            assertThat(api.get("/api/v1/jobs").body().path("items").size())
                    .as("the three jobs of before the restart, no new one")
                    .isEqualTo(3);
            assertThat(app.getBean(SparkSession.class).sparkContext().isStopped())
                    .isFalse();
            assertThat(finished(api, api.submitOk(read))
                            .path("result")
                            .path("rows")
                            .toString())
                    .as("tables created by name before the restart are found by name after it")
                    .isEqualTo("[[5,3]]");
        }
        assertNothingLeftBehind(secondThreads, secondLeakWarnings);
    }

    /**
     * A closed context leaves no thread behind: Tomcat found none that keeps its web class loader
     * when it stopped, the context's pools have stopped (a moment's grace for threads on their way
     * out), and no thread that lives on, the JDK's or Spark's shared ones included, keeps that class
     * loader.
     */
    private static void assertNothingLeftBehind(ContextThreads threads, LogCapture leakWarnings) {
        assertThat(leakWarnings.messages())
                .as("what Tomcat reported left behind when the context closed")
                .isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(threads.alive())
                .as("threads of the closed context still alive")
                .isEmpty());
    }

    /** The job once final; polls again after a long-poll ends first, as on a machine under load. */
    private static JsonNode finished(Api api, String id) {
        return await().atMost(Duration.ofMinutes(3)).until(() -> api.awaitFinal(id), job -> JobState.valueOf(
                        job.path("state").asString())
                .isTerminal());
    }

    private LogCapture capture(String logger) {
        LogCapture capture = LogCapture.attach(logger, Level.WARN);
        captures.add(capture);
        return capture;
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
