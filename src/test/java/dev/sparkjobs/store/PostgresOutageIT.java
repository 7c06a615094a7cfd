package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.PostgresServer;
import dev.sparkjobs.support.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The service on a real PostgreSQL (the built jar, as a process), with the database stopped under
 * it while a job runs and started again.
 */
class PostgresOutageIT {

    /** One Spark task that sleeps three seconds. */
    private static final String THREE_SECONDS = "SELECT reflect('java.lang.Thread', 'sleep', CAST(3000 AS BIGINT))";

    @Test
    void anOutageRefusesSubmitsWith503AndAJobThatEndsDuringItIsRecordedWhenTheStoreIsBack() throws Exception {
        Path data = Files.createDirectories(
                Path.of("target", "it-data", "pg-outage-" + UUID.randomUUID()).toAbsolutePath());
        try (PostgresServer pg = PostgresServer.start();
                ServiceJar svc = ServiceJar.start(
                        ServiceJar.EXTRACTED,
                        data,
                        data.resolve("service.log"),
                        ServiceJar.freePort(),
                        ServiceJar.quickStart("-Xmx2g"),
                        List.of(
                                "--spring.datasource.url=" + pg.jdbcUrl(),
                                "--spring.datasource.username=" + PostgresServer.USER,
                                "--spring.datasource.hikari.connection-timeout=1000",
                                // the outage (a PostgreSQL stop and start, slow on a loaded machine) must stay
                                // shorter than the lease's fencing point, or the service rightly refuses submits
                                "--jobservice.lease.ttl=90s",
                                "--jobservice.admission.max-running=2",
                                // the test's sleeping task calls a Java method, which the guardrails refuse by default
                                "--jobservice.security.sql.defaults.allow-reflection=true"))) {
            Api api = svc.api;
            assertThat(api.awaitFinal(api.submitOk(sql("SELECT 42")))
                            .path("result")
                            .path("rows")
                            .toString())
                    .as("works on PostgreSQL")
                    .isEqualTo("[[42]]");
            assertThatThrownBy(() -> ServiceJar.start(
                            ServiceJar.EXTRACTED,
                            Files.createDirectories(data.resolve("second")),
                            data.resolve("second.log"),
                            ServiceJar.freePort(),
                            ServiceJar.quickStart("-Xmx1g"),
                            List.of(
                                    "--spring.datasource.url=" + pg.jdbcUrl(),
                                    "--spring.datasource.username=" + PostgresServer.USER,
                                    "--jobservice.lease.acquire-timeout=3s")))
                    .as("a second instance on the same database does not start")
                    .isInstanceOf(RuntimeException.class);
            assertThat(Files.readString(data.resolve("second.log")))
                    .contains("holds the driver lease of this database");

            String running = api.submitOk(sql(THREE_SECONDS));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.state(running).equals("RUNNING"));

            pg.stopServer();

            Api.Response refused = api.submit(sql("SELECT 1"), "Idempotency-Key", "during-outage");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.body().path("type").asString()).endsWith("store-unavailable");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            JsonNode health = api.get("/actuator/health").body();
            assertThat(health.path("components").path("db").path("status").asString())
                    .isEqualTo("DOWN");
            await("the running job ended and is retrying the write of its end")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> api.get("/actuator/prometheus").raw(),
                            m -> m.matches("(?s).*\\njobservice_store_write_retries_total\\{[^}]*} [1-9].*"));

            pg.startServer();

            JsonNode ended = await("the end is recorded once the store is back")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () -> api.job(running),
                            j -> j.path("state").asString().equals("SUCCEEDED"));
            assertThat(ended.path("finishedAt").isNull()).isFalse();
            Api.Response retried = api.submit(sql("SELECT 1"), "Idempotency-Key", "during-outage");
            assertThat(retried.status())
                    .as("the refused submit left nothing behind: its retry creates the job")
                    .isEqualTo(202);
            assertThat(api.awaitFinal(retried.body().path("id").asString())
                            .path("state")
                            .asString())
                    .isEqualTo("SUCCEEDED");
            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
        }
    }

    private static String sql(String sql) {
        return Api.json(Map.of("type", "sql", "params", Map.of("sql", sql)));
    }
}
