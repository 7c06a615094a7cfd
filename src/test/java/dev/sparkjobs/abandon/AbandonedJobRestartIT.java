package dev.sparkjobs.abandon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.JobServiceApplication;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs in a JVM of its own: a restart must not cancel the jobs whose last reads are old only because
 * the service was down. After a start, a job's clock counts from the start.
 */
class AbandonedJobRestartIT {

    private static final String ENDLESS = "SELECT sum(id % 1000) FROM range(0, 50000000000)";
    private static final int LIMIT = 5;

    @Test
    void afterARestartAWatchedJobGetsItsFullTimeFromTheStart() {
        Path dataDir = Path.of("target", "abandoned-restart-it-" + System.nanoTime());
        String blocker;
        String watched;
        Instant lastPoll;
        try (ConfigurableApplicationContext app = start(dataDir)) {
            Api api = new Api(port(app)).withApiKey(AbstractIT.ADMIN_KEY);
            blocker = api.submitOk(job(null));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.state(blocker).equals("RUNNING"));
            watched = api.submitOk(job(LIMIT)); // queued behind the blocker in the serial pool
            AtomicInteger polls = new AtomicInteger();
            await().pollInterval(Duration.ofMillis(500))
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        polls.incrementAndGet();
                        return api.state(watched).equals("QUEUED");
                    });
            assertThat(polls.get()).isGreaterThan(3);
            lastPoll = Instant.now();
        } // a clean stop writes the reads kept in memory
        Instant polledAt = lastPoll;
        // the service stays down for longer than the job's limit: by its stored last read it is due
        await().atMost(Duration.ofSeconds(LIMIT + 5))
                .until(() -> Duration.between(polledAt, Instant.now()).compareTo(Duration.ofSeconds(LIMIT)) > 0);

        // the second run has a deployment default, as a service that turns the backstop on later would
        try (ConfigurableApplicationContext app = start(dataDir, "--jobservice.jobs.cancel-if-unpolled=1h")) {
            Instant since = app.getBean(JobReads.class).since();
            assertThat(Duration.between(lastPoll, since))
                    .as("the service was down for longer than the job's limit")
                    .isGreaterThan(Duration.ofSeconds(LIMIT));
            JobStore store = app.getBean(JobStore.class);
            JobId id = JobId.parse(watched).orElseThrow();
            ReadTimes.Watched stored = app.getBean(ReadTimes.class).watched(100).stream()
                    .filter(w -> w.id().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(stored.lastReadAt())
                    .as("the reads of the first run reached the store")
                    .isNotNull()
                    .isAfter(stored.submittedAt());

            // nobody reads it: not cancelled at once, but once LIMIT seconds from the start are over
            await().atMost(Duration.ofSeconds(60)).until(() -> find(store, id).isTerminal());
            Job ended = find(store, id);
            assertThat(ended.error().type()).isEqualTo("ABANDONED");
            assertThat(Duration.between(since, ended.finishedAt())).isGreaterThan(Duration.ofSeconds(LIMIT));
            assertThat(find(store, JobId.parse(blocker).orElseThrow()).isTerminal())
                    .as("the blocker was lost with the driver, not abandoned")
                    .isTrue();

            deploymentDefaultLeavesCallersCalledBackAlone(new Api(port(app)).withApiKey(AbstractIT.ADMIN_KEY));
        }
    }

    /**
     * A caller called back (a callback, Data Factory's Webhook activity) does not poll by design: the
     * deployment default must not cancel its job or batch as unread. Its own limit still applies.
     */
    private static void deploymentDefaultLeavesCallersCalledBackAlone(Api api) {
        String hook = "http://127.0.0.1:9/hook";
        String quick = "\"type\": \"sql\", \"params\": {\"sql\": \"SELECT 1\"}";
        assertThat(unpolled(api.submit("{" + quick + "}").body()))
                .as("no callback: the default")
                .isEqualTo(3600);
        assertThat(unpolled(api.submit("{" + quick + ", \"callback\": {\"url\": \"" + hook + "\"}}")
                        .body()))
                .as("a callback")
                .isNull();
        assertThat(unpolled(api.submit("{" + quick + ", \"callBackUri\": \"" + hook + "\"}")
                        .body()))
                .as("a Webhook activity")
                .isNull();
        assertThat(unpolled(api.submit(
                                "{" + quick + ", \"cancelIfUnpolledSeconds\": 60, \"callBackUri\": \"" + hook + "\"}")
                        .body()))
                .as("its own limit")
                .isEqualTo(60);
        String jobs = "\"jobs\": [{\"key\": \"a\", " + quick + "}]";
        assertThat(unpolled(api.post("/api/v1/batches", "{" + jobs + "}").body()))
                .as("a batch without callback: the default")
                .isEqualTo(3600);
        assertThat(unpolled(api.post("/api/v1/batches", "{" + jobs + ", \"callBackUri\": \"" + hook + "\"}")
                        .body()))
                .as("a batch called back")
                .isNull();
    }

    private static Long unpolled(tools.jackson.databind.JsonNode response) {
        tools.jackson.databind.JsonNode seconds = response.get("cancelIfUnpolledSeconds");
        assertThat(seconds).as("%s", response).isNotNull();
        return seconds.isNull() ? null : seconds.asLong();
    }

    private static Job find(JobStore store, JobId id) {
        return store.find(id).orElseThrow();
    }

    private static String job(Integer cancelIfUnpolledSeconds) {
        var body = new java.util.HashMap<String, Object>(
                Map.of("type", "sql", "pool", "serial", "params", Map.of("sql", ENDLESS)));
        if (cancelIfUnpolledSeconds != null) {
            body.put("cancelIfUnpolledSeconds", cancelIfUnpolledSeconds);
        }
        return Api.json(body);
    }

    private static ConfigurableApplicationContext start(Path dataDir, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--jobservice.data-dir=" + dataDir,
                "--jobservice.shutdown.drain-timeout=1s",
                "--jobservice.jobs.stop-grace=2s"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(JobServiceApplication.class)
                .profiles("it")
                .run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
