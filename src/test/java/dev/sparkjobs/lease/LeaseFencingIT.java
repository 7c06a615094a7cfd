package dev.sparkjobs.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.PostgresServer;
import dev.sparkjobs.support.ServiceJar;
import dev.sparkjobs.support.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the service (the built jar, as processes) on one PostgreSQL; the first, A,
 * reaches it through a {@link TcpProxy} and is cut off from it while a job runs, as in a network
 * partition. A fences itself before its lease can expire (admits nothing, stops its job); the
 * standby, B, takes the lease over and runs the job again; when A reaches the database again it
 * finds its lease taken and exits, its late writes refused. The job writes a Delta table that both
 * share, so "it ran once" shows in the data: one insert's rows, one write in the table's history.
 */
class LeaseFencingIT {

    private static final Path JAR = ServiceJar.EXTRACTED;
    private static final Duration TTL = Duration.ofSeconds(6);
    private static final int ROWS = 1000;
    /**
     * Two tasks of 500 rows, each row sleeping 40 ms: at least 20 s however idle or busy the machine
     * (a CPU-bound insert of fixed size took 20 to 52 s here), so it is still running when A fences
     * itself, at most {@code ttl} × 2/3 after the cut, which comes a few seconds into it. A void
     * method's {@code reflect} is the string 'null', so every row passes.
     */
    private static final String INSERT = "INSERT INTO fenced_t SELECT id FROM range(0, " + ROWS + ", 1, 2)"
            + " WHERE reflect('java.lang.Thread', 'sleep', CAST(40 AS BIGINT)) IS NOT NULL";

    private static final Pattern OWNER = Pattern.compile("holding the driver lease as (\\S+)");
    private static final String WAITING = "waiting up to";
    private static final String FENCED = "fenced: no successful lease renewal";
    private static final String TOOK_OVER = "took over the driver lease of ";
    private static final String TAKEN_OVER = "taken over by";
    private static final String REFUSED = "was refused by the store";

    private final Path data =
            Path.of("target", "it-data", "lease-fencing-" + UUID.randomUUID()).toAbsolutePath();
    private final Path logA = data.resolve("a.log");
    private final Path logB = data.resolve("b.log");

    @Test
    void anInstanceCutOffFromTheDatabaseStopsItsJobBeforeItsLeaseExpiresAndTheStandbyRunsItOnce() throws Exception {
        Files.createDirectories(data);
        int portB = ServiceJar.freePort();
        CompletableFuture<ServiceJar> standby = new CompletableFuture<>();
        try (PostgresServer pg = PostgresServer.start();
                TcpProxy proxy = TcpProxy.start(pg.port());
                ServiceJar a = start(
                        logA,
                        ServiceJar.freePort(),
                        proxy.postgresJdbcUrl(),
                        "--spring.datasource.hikari.connection-timeout=1000")) {
            try {
                // 1. A holds the lease; the table exists before B starts, which registers the
                //    warehouse's tables at start-up
                Matcher owner = OWNER.matcher(Files.readString(logA));
                assertThat(owner.find()).as("A holds the lease; see %s", logA).isTrue();
                String ownerA = owner.group(1);
                JsonNode created =
                        a.api.awaitFinal(a.api.submitOk(sql("CREATE TABLE fenced_t (id BIGINT) USING delta")));
                assertThat(created.path("state").asString()).as("%s", created).isEqualTo("SUCCEEDED");

                // 2. B starts and waits for the lease A holds
                startInBackground(standby, portB, pg.jdbcUrl());
                await("B waiting for the lease (log: " + logB + ")")
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(200))
                        .failFast("B is not waiting for A's lease: it started or failed; see " + logB, standby::isDone)
                        .until(() -> read(logB).contains(WAITING));

                // 3. the job runs on A
                String job = a.api.submitOk(Api.json(Map.of(
                        "type",
                        "sql",
                        "params",
                        Map.of("sql", INSERT),
                        "maxRetries",
                        1,
                        "retryBackoffSeconds",
                        0,
                        "retryOn",
                        List.of("DRIVER_RESTART"))));
                await("the insert RUNNING on A").atMost(Duration.ofMinutes(1)).until(() -> a.api.state(job)
                        .equals("RUNNING"));
                await("the insert still RUNNING on A a few seconds in")
                        .pollDelay(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> a.api.state(job).equals("RUNNING"));

                // 4. A is cut off from the database; B takes the lease over once it expires
                Instant paused = Instant.now();
                proxy.pause();
                ServiceJar b = standby(standby);
                Instant ready = Instant.now();

                String tookOver = line(logB, TOOK_OVER + ownerA);
                assertThat(tookOver)
                        .as("B took A's lease (%s) over; see %s", ownerA, logB)
                        .isNotNull();
                SoftAssertions softly = new SoftAssertions();
                String fenced = line(logA, FENCED);
                softly.assertThat(fenced)
                        .as("A logged '%s' while cut off; see %s", FENCED, logA)
                        .isNotNull();
                if (fenced != null) {
                    softly.assertThat(time(fenced))
                            .as(
                                    "A fenced itself after the cut (%s) and before B took over: %s | %s",
                                    paused, fenced, tookOver)
                            .isAfter(paused)
                            .isBefore(time(tookOver));
                    Api.Response refused = a.api.submit(sql("SELECT 1"));
                    softly.assertThat(refused.status())
                            .as("a fenced instance admits nothing: %s", refused.raw())
                            .isEqualTo(503);
                }

                // 5. B ran the job again, and only B's attempt wrote to the table
                JsonNode done = await("the job final on B (log: " + logB + ")")
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> b.api.job(job), j -> !List.of("QUEUED", "RUNNING")
                                .contains(j.path("state").asString()));
                Instant ended = Instant.now();
                assertThat(done.path("state").asString()).as("%s", done).isEqualTo("SUCCEEDED");
                softly.assertThat(done.path("attempt").asInt())
                        .as("attempt of %s", done)
                        .isEqualTo(2);
                softly.assertThat(done.path("attempts").path(0).path("outcome").asString())
                        .as("outcome of attempt 1 in %s", done)
                        .isEqualTo("DRIVER_RESTART");
                softly.assertThat(query(b.api, "SELECT count(*) FROM fenced_t")
                                .path("rows")
                                .toString())
                        .as("the rows of one insert: A's stopped attempt committed nothing")
                        .isEqualTo("[[" + ROWS + "]]");
                softly.assertThat(operations(query(b.api, "DESCRIBE HISTORY fenced_t")))
                        .as("the table's commits, oldest first")
                        .containsExactly("CREATE TABLE", "WRITE");

                // 6. A reaches the database again: it finds its lease taken and exits; its late
                //    writes change nothing
                JsonNode before = b.api.job(job);
                proxy.resume();
                boolean exited = a.process.waitFor(30, TimeUnit.SECONDS);
                softly.assertThat(exited)
                        .as("A exited within 30 s of reaching the database; see %s", logA)
                        .isTrue();
                if (exited) {
                    softly.assertThat(a.process.exitValue())
                            .as("A's exit status")
                            .isEqualTo(1);
                }
                softly.assertThat(line(logA, TAKEN_OVER))
                        .as("A logged '%s'; see %s", TAKEN_OVER, logA)
                        .isNotNull();
                String refusedWrite = line(logA, REFUSED);
                if (refusedWrite != null) {
                    softly.assertThat(refusedWrite).as("A's refused late write").contains(" WARN ");
                }
                softly.assertThat(b.api.get("/actuator/health/readiness").status())
                        .as("B stays ready")
                        .isEqualTo(200);
                softly.assertThat(b.api.job(job)).as("the job after A's exit").isEqualTo(before);
                System.out.printf(
                        "LeaseFencingIT: A ready in %d ms; B ready %d ms after the cut; the job final %d ms after"
                                + " that; A %s%n",
                        a.readyMillis,
                        Duration.between(paused, ready).toMillis(),
                        Duration.between(ready, ended).toMillis(),
                        exited ? "exited with " + a.process.exitValue() : "still running");
                softly.assertAll();
            } finally {
                proxy.resume(); // A, if still running, can then stop as usual
                stop(standby, portB);
            }
        }
    }

    private ServiceJar start(Path log, int port, String jdbcUrl, String... more) throws IOException {
        List<String> settings = new ArrayList<>(List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + PostgresServer.USER,
                "--jobservice.lease.ttl=" + TTL.toSeconds() + "s",
                "--jobservice.admission.max-running=2",
                // the insert is slowed by reflect('java.lang.Thread', 'sleep', ...)
                "--jobservice.security.sql.defaults.allow-reflection=true"));
        settings.addAll(List.of(more));
        return ServiceJar.start(JAR, data, log, port, ServiceJar.quickStart("-Xmx2g"), settings);
    }

    /** B on the database directly, willing to wait for the lease; ready only once it holds it. */
    private void startInBackground(CompletableFuture<ServiceJar> standby, int port, String jdbcUrl) {
        Thread t = new Thread(
                () -> {
                    try {
                        standby.complete(start(logB, port, jdbcUrl, "--jobservice.lease.acquire-timeout=3m"));
                    } catch (Throwable e) {
                        standby.completeExceptionally(e);
                    }
                },
                "standby-start");
        t.setDaemon(true);
        t.start();
    }

    private ServiceJar standby(CompletableFuture<ServiceJar> standby) throws InterruptedException {
        try {
            return standby.get(4, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            return fail("B did not become ready after A was cut off; see " + logB + " and " + logA, e.getCause());
        } catch (TimeoutException e) {
            return fail("B did not become ready within 4 minutes; see " + logB);
        }
    }

    /** Stops B: as usual once ready; while still starting, its process (found by its port) is ended. */
    private static void stop(CompletableFuture<ServiceJar> standby, int port) throws Exception {
        if (!standby.isDone()) {
            String arg = "--server.port=" + port;
            ProcessHandle.current()
                    .children()
                    .filter(p -> p.info()
                            .arguments()
                            .map(args -> List.of(args).contains(arg))
                            .orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
        try {
            standby.get(1, TimeUnit.MINUTES).close();
        } catch (ExecutionException | TimeoutException e) {
            // it never became ready; its start ended its process
        }
    }

    private static JsonNode query(Api api, String sql) {
        JsonNode job = api.awaitFinal(api.submitOk(sql(sql)));
        assertThat(job.path("state").asString()).as("%s: %s", sql, job).isEqualTo("SUCCEEDED");
        return job.path("result");
    }

    /** The {@code operation} column of a {@code DESCRIBE HISTORY} result, by version. */
    private static List<String> operations(JsonNode history) {
        List<String> columns = new ArrayList<>();
        history.path("columns").forEach(c -> columns.add(c.path("name").asString()));
        int version = columns.indexOf("version");
        int operation = columns.indexOf("operation");
        List<JsonNode> rows = new ArrayList<>();
        history.path("rows").forEach(rows::add);
        return rows.stream()
                .sorted(Comparator.comparingLong(r -> r.path(version).asLong()))
                .map(r -> r.path(operation).asString())
                .toList();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The first line of {@code log} that contains {@code text}, or null. */
    private static String line(Path log, String text) throws IOException {
        return read(log).lines().filter(l -> l.contains(text)).findFirst().orElse(null);
    }

    /** When a log line was written: the pattern starts each line with an ISO-8601 time. */
    private static Instant time(String line) {
        return OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
    }

    private static String sql(String sql) {
        return Api.json(Map.of("type", "sql", "params", Map.of("sql", sql)));
    }
}
