package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.PostgresServer;
import dev.sparkjobs.support.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API on a real PostgreSQL, which refuses what H2 takes (NUL in text): the built jar as a
 * process, started once for the class, runs the bad-input cases and a fuzz run.
 */
class PostgresApiIT implements BadInputCases {

    private static PostgresServer pg;
    private static ServiceJar service;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createDirectories(
                Path.of("target", "it-data", "pg-api-" + UUID.randomUUID()).toAbsolutePath());
        pg = PostgresServer.start();
        service = ServiceJar.start(
                ServiceJar.EXTRACTED,
                data,
                data.resolve("service.log"),
                ServiceJar.freePort(),
                ServiceJar.quickStart("-Xmx1g"),
                List.of(
                        "--spring.datasource.url=" + pg.jdbcUrl(),
                        "--spring.datasource.username=" + PostgresServer.USER,
                        "--jobservice.admission.max-running=2",
                        "--jobservice.admission.max-queued=60",
                        "--jobservice.jobs.status-retry-after=1s"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    @Override
    public Api api() {
        return service.api;
    }

    @Test
    void aSparkErrorThatQuotesANulIsStoredAsSparkSaidIt() {
        // PostgreSQL's text refuses NUL: the error used to fail the job's last write, showing our SQL instead
        String id = api().submitOk(Api.json(
                java.util.Map.of("type", "sql", "params", java.util.Map.of("sql", "SELECT CAST(char(0) AS INT)"))));

        var job = api().awaitFinal(id);

        assertThat(job.path("state").asString()).isEqualTo("FAILED");
        assertThat(job.path("error").path("type").asString()).isEqualTo("CAST_INVALID_INPUT");
        assertThat(job.path("error").path("message").asString())
                .contains("\uFFFD")
                .doesNotContain("SQL [");
    }

    @Test
    void fuzzRunOnPostgres() throws Exception {
        FuzzRun.Outcome outcome = FuzzRun.run(
                api(), Integer.getInteger("fuzz.requests", 5000), Long.getLong("fuzz.seed", System.nanoTime()));
        System.out.println("fuzz on PostgreSQL: " + outcome);
        assertThat(outcome.statuses()).containsKeys(200, 202, 400, 404);
    }
}
