package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The service as a separate process ({@code java -jar} on the built jar), killed and stopped the
 * ways production kills and stops it, then started again on the same data directory. One test, three
 * starts: each start is paid once and checked for everything it can show.
 */
class CrashAndShutdownRestartIT {

    private static final Path JAR = ServiceJar.EXTRACTED;
    /** Keeps two cores busy until cancelled (minutes). */
    private static final String ENDLESS = "SELECT sum(id % 1000) FROM range(0, 50000000000)";
    /** The same on one core, so that a job beside it still gets the other. */
    private static final String ENDLESS_ONE_CORE = "SELECT sum(id % 1000) FROM range(0, 50000000000, 1, 1)";
    /** One Spark task that sleeps four seconds: finishes inside a 15 s drain. */
    private static final String FOUR_SECONDS = "SELECT reflect('java.lang.Thread', 'sleep', CAST(4000 AS BIGINT))";

    /** The stop waits all of it for the endless job: the short one finishes with seconds to spare under load. */
    private static final Duration DRAIN = Duration.ofSeconds(15);

    private static final int JOBS = 200;

    private final Path data =
            Path.of("target", "it-data", "crash-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void noAcceptedJobIsLostToAKillOrAStopAndTheQueueRunsAfterTheRestart() throws Exception {
        Files.createDirectories(data);
        Map<String, String> idByKey = new LinkedHashMap<>();
        Map<String, String> bodyByKey = new HashMap<>();
        List<String> queued = new ArrayList<>();
        String endlessA;
        String endlessB;
        String finishes;
        String stopped;
        List<String> waiting;

        // 1. 200 accepted jobs: 2 running, 198 queued, a quarter with idempotency keys; then kill -9
        try (ServiceJar first = start("first")) {
            endlessA = first.api.submitOk(sql(ENDLESS));
            endlessB = first.api.submitOk(sql(ENDLESS));
            awaitState(first.api, endlessA, "RUNNING");
            awaitState(first.api, endlessB, "RUNNING");
            for (int i = 0; i < JOBS - 2; i++) {
                String body = sql("SELECT " + i + " AS n");
                if (i % 4 == 0) {
                    String key = "crash-" + i;
                    Api.Response r = first.api.submit(body, "Idempotency-Key", key);
                    assertThat(r.status()).isEqualTo(202);
                    idByKey.put(key, r.body().path("id").asString());
                    bodyByKey.put(key, body);
                    queued.add(r.body().path("id").asString());
                } else {
                    queued.add(first.api.submitOk(body));
                }
            }
            assertThat(first.api.state(queued.get(queued.size() - 1))).isEqualTo("QUEUED");
            first.kill();
        }

        // 2. after the crash: every job is there; the running ones were lost with the driver; an
        //    orchestrator's retry gets the original job; the queue runs in its original order
        try (ServiceJar second = start("second")) {
            Matcher firstOwner = Pattern.compile("holding the driver lease as (\\S+)")
                    .matcher(Files.readString(data.resolve("first.log")));
            assertThat(firstOwner.find()).isTrue();
            assertThat(Files.readString(data.resolve("second.log")))
                    .as("it took the killed instance's lease over once it had expired")
                    .contains("took over the driver lease of " + firstOwner.group(1));
            for (String id : List.of(endlessA, endlessB)) {
                JsonNode lost = second.api.job(id);
                assertThat(lost.path("state").asString()).isEqualTo("FAILED");
                assertThat(lost.path("error").path("type").asString()).isEqualTo("DRIVER_RESTART");
            }
            for (var e : idByKey.entrySet()) {
                Api.Response retry = second.api.submit(bodyByKey.get(e.getKey()), "Idempotency-Key", e.getKey());
                assertThat(retry.status())
                        .as("a retried submit with key %s", e.getKey())
                        .isEqualTo(200);
                assertThat(retry.body().path("id").asString()).isEqualTo(e.getValue());
            }
            await("the recovered queue drains")
                    .atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> count(second.api, "QUEUED") + count(second.api, "RUNNING") == 0);

            List<JsonNode> recovered = new ArrayList<>();
            for (int i = 0; i < queued.size(); i++) {
                JsonNode job = second.api.job(queued.get(i));
                assertThat(job.path("state").asString()).as("job %d", i).isEqualTo("SUCCEEDED");
                assertThat(job.path("result").path("rows").toString()).isEqualTo("[[" + i + "]]");
                recovered.add(job);
            }
            List<String> byStart = recovered.stream()
                    .sorted(Comparator.comparing(
                            j -> Instant.parse(j.path("startedAt").asString())))
                    .map(j -> j.path("id").asString())
                    .toList();
            for (int i = 0; i < queued.size(); i++) {
                assertThat(Math.abs(byStart.indexOf(queued.get(i)) - i))
                        .as("job %d starts in its submission order (two slots may swap neighbours)", i)
                        .isLessThanOrEqualTo(1);
            }
            JsonNode all = second.api.get("/api/v1/jobs?limit=500").body();
            assertThat(all.path("items").size())
                    .as("no retry created a second job")
                    .isEqualTo(JOBS);
            String metrics = second.api.get("/actuator/prometheus").raw();
            assertThat(metric(metrics, "jobservice_jobs_recovered_total", "outcome=\"requeued\""))
                    .isEqualTo(JOBS - 2);
            assertThat(metric(metrics, "jobservice_jobs_recovered_total", "outcome=\"lost\""))
                    .isEqualTo(2);

            // 3. SIGTERM: a job that can finish in the drain does; one that cannot is stopped and
            //    recorded; queued jobs stay queued; meanwhile submits get 503 and readiness is DOWN
            finishes = second.api.submitOk(sql(FOUR_SECONDS));
            stopped = second.api.submitOk(sql(ENDLESS_ONE_CORE));
            awaitState(second.api, finishes, "RUNNING");
            awaitState(second.api, stopped, "RUNNING");
            waiting = new ArrayList<>(List.of(
                    second.api.submitOk(sql("SELECT 'a'")),
                    second.api.submitOk(sql("SELECT 'b'")),
                    second.api.submitOk(sql("SELECT 'c'"))));
            long signalled = System.nanoTime();
            second.process.destroy();

            List<String> slippedIn = new ArrayList<>(); // accepted before the drain began: queued too
            Api.Response refused = await("submits refused during the drain")
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> {
                                Api.Response r = second.api.submit(sql("SELECT 1"));
                                if (r.status() == 202) {
                                    slippedIn.add(r.body().path("id").asString());
                                }
                                return r;
                            },
                            r -> r.status() == 503);
            waiting.addAll(slippedIn);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.body().path("type").asString()).endsWith("shutting-down");
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(second.api.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(second.api.state(waiting.get(0)))
                    .as("reads are still served during the drain")
                    .isEqualTo("QUEUED");

            assertThat(second.process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES))
                    .isTrue();
            Duration stopTook = Duration.ofNanos(System.nanoTime() - signalled);
            assertThat(stopTook).as("it waited for the drain").isGreaterThanOrEqualTo(DRAIN);
        }

        // 4. after the stop: the drained job succeeded (Spark was not stopped under it), the stopped
        //    one is FAILED with DRIVER_RESTART, the queued ones run now
        try (ServiceJar third = start("third")) {
            assertThat(third.api.state(finishes)).isEqualTo("SUCCEEDED");
            JsonNode stop = third.api.job(stopped);
            assertThat(stop.path("state").asString()).isEqualTo("FAILED");
            assertThat(stop.path("error").path("type").asString()).isEqualTo("DRIVER_RESTART");
            assertThat(stop.path("error").path("message").asString()).contains("shut down");
            for (String id : waiting) {
                assertThat(third.api.awaitFinal(id).path("state").asString())
                        .as("a job queued at the stop runs after the restart")
                        .isEqualTo("SUCCEEDED");
            }
            String metrics = third.api.get("/actuator/prometheus").raw();
            assertThat(metric(metrics, "jobservice_jobs_recovered_total", "outcome=\"requeued\""))
                    .isEqualTo(waiting.size());
            assertThat(metrics)
                    .as("the stop recorded its stopped job itself; nothing was left RUNNING")
                    .doesNotContainPattern("jobservice_jobs_recovered_total\\{[^}]*outcome=\"lost\"");
        }
    }

    private ServiceJar start(String name) throws Exception {
        return ServiceJar.start(
                JAR,
                data,
                data.resolve(name + ".log"),
                ServiceJar.freePort(),
                ServiceJar.quickStart("-Xmx2g"),
                List.of(
                        "--jobservice.admission.max-running=2",
                        "--jobservice.admission.max-queued=1000",
                        "--jobservice.shutdown.drain-timeout=" + DRAIN.toSeconds() + "s",
                        "--jobservice.jobs.stop-grace=10s",
                        "--jobservice.jobs.status-retry-after=1s",
                        "--jobservice.lease.ttl=5s",
                        "--jobservice.spark.conf.spark.sql.shuffle.partitions=2",
                        // the jobs sleep with reflect('java.lang.Thread', 'sleep', ...)
                        "--jobservice.security.sql.defaults.allow-reflection=true"));
    }

    private static String sql(String sql) {
        return Api.json(Map.of("type", "sql", "params", Map.of("sql", sql)));
    }

    private static void awaitState(Api api, String id, String state) {
        await(id + " " + state)
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> api.state(id).equals(state));
    }

    private static int count(Api api, String state) {
        return api.get("/api/v1/jobs?limit=500&state=" + state)
                .body()
                .path("items")
                .size();
    }

    /** The value of a Prometheus sample of {@code name} whose labels include {@code label}. */
    private static double metric(String prometheus, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} ([0-9.eE+-]+)$")
                .matcher(prometheus);
        assertThat(m.find()).as("%s{%s} in the scrape", name, label).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
