package dev.sparkjobs.abandon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A caller that stops polling (an orchestrator's cancelled run) leaves a job behind: the service
 * cancels it as ABANDONED once nobody read it for its cancelIfUnpolledSeconds.
 */
class AbandonedJobIT extends AbstractIT {

    @Autowired
    JobStore store;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ReadTimes readTimes;

    private final List<String> started = new ArrayList<>();

    @AfterEach
    void cancelLeftovers() {
        for (String id : started) {
            api.cancel(id);
        }
        awaitIdle();
    }

    private String submit(Map<String, Object> body) {
        String id = api.submitOk(Api.json(body));
        started.add(id);
        return id;
    }

    /** The job as stored: a read that is no status read, so it keeps nobody's interest alive. */
    private JobState stored(String id) {
        return store.find(JobId.parse(id).orElseThrow()).orElseThrow().state();
    }

    private double abandonedCount() {
        Counter c = meters.find("jobservice.jobs.abandoned").tag("type", "sql").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aCallerBlockedInALongPollIsReadingTheJob() {
        String id = submit(Map.of("type", "sql", "params", Map.of("sql", ENDLESS), "cancelIfUnpolledSeconds", 3));
        awaitState(id, "RUNNING");

        // one long poll far longer than the limit, and nothing else
        var answer = api.get("/api/v1/jobs/" + id + "?waitSeconds=15");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("state").asString()).isEqualTo("RUNNING");
        assertThat(answer.body().path("error").isNull()).isTrue();
    }

    @Test
    void aCallerFollowingTheEventStreamIsReadingTheJob() throws Exception {
        String id = submit(Map.of("type", "sql", "params", Map.of("sql", ENDLESS), "cancelIfUnpolledSeconds", 2));
        awaitState(id, "RUNNING");
        HttpRequest events = HttpRequest.newBuilder(api.uri("/api/v1/jobs/" + id + "/events"))
                .header("X-API-Key", ADMIN_KEY)
                .header("Accept", "text/event-stream")
                .GET()
                .build();

        HttpResponse<Stream<String>> stream =
                HttpClient.newHttpClient().send(events, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (Stream<String> lines = stream.body()) {
            // the open stream, and nothing else, for several times the limit
            await().during(Duration.ofSeconds(8))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> stored(id) == JobState.RUNNING);
        }
    }

    @Test
    void aJobPolledKeepsRunningAndIsCancelledAsAbandonedOncePollingStops() {
        double before = abandonedCount();
        String watched = submit(Map.of("type", "sql", "params", Map.of("sql", ENDLESS), "cancelIfUnpolledSeconds", 2));
        String unwatched = submit(Map.of("type", "sql", "params", Map.of("sql", ENDLESS)));
        assertThat(api.job(watched).path("cancelIfUnpolledSeconds").asLong()).isEqualTo(2);
        assertThat(api.job(unwatched).path("cancelIfUnpolledSeconds").isNull()).isTrue();
        awaitState(watched, "RUNNING");

        // every way of reading the status counts: the job, its status monitor, a long poll
        String[] reads = {
            "/api/v1/jobs/" + watched,
            "/api/v1/jobs/" + watched + "/status",
            "/api/v1/jobs/" + watched + "?waitSeconds=1"
        };
        AtomicInteger n = new AtomicInteger();
        AtomicReference<Instant> lastPoll = new AtomicReference<>();
        await().pollInterval(Duration.ofMillis(700))
                .during(Duration.ofSeconds(7))
                .atMost(Duration.ofSeconds(20))
                .until(() -> {
                    Api.Response r = api.get(reads[n.getAndIncrement() % reads.length]);
                    lastPoll.set(Instant.now());
                    return r.body().path("state").asString().equals("RUNNING");
                });
        assertThat(n.get()).isGreaterThanOrEqualTo(8);

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(watched) == JobState.CANCELLED);
        Duration unread = Duration.between(lastPoll.get(), Instant.now());
        assertThat(unread).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        var job = api.job(watched);
        assertThat(job.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(job.path("error").path("type").asString()).isEqualTo("ABANDONED");
        assertThat(job.path("error").path("message").asString()).contains("2 s");
        assertThat(sparkJobsRunning(watched)).isZero();
        assertThat(abandonedCount()).isEqualTo(before + 1);

        // a job that asked for nothing is never abandoned, however long nobody reads it
        assertThat(stored(unwatched)).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aQueuedJobNobodyReadsIsCancelledWithoutEverStarting() {
        List<String> blockers = new ArrayList<>();
        blockers.add(submit(Map.of("type", "sql", "pool", "serial", "params", Map.of("sql", ENDLESS))));
        awaitState(blockers.get(0), "RUNNING");
        String queued = submit(Map.of(
                "type", "sql", "pool", "serial", "params", Map.of("sql", "SELECT 1"), "cancelIfUnpolledSeconds", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(queued) == JobState.CANCELLED);
        var job = api.job(queued);
        assertThat(job.path("error").path("type").asString()).isEqualTo("ABANDONED");
        assertThat(job.path("startedAt").isNull()).isTrue();
    }

    @Test
    void readsReachTheStoreAndAnEarlierOneNeverOverwritesALaterOne() {
        String id = submit(Map.of("type", "sql", "params", Map.of("sql", ENDLESS), "cancelIfUnpolledSeconds", 3600));
        JobId jobId = JobId.parse(id).orElseThrow();
        Instant later = Instant.parse("2030-01-01T00:00:10Z");

        readTimes.recordReads(Map.of(jobId, later));
        readTimes.recordReads(Map.of(jobId, later.minusSeconds(10)));

        var watched = readTimes.watched(500).stream()
                .filter(w -> w.id().equals(jobId))
                .findFirst()
                .orElseThrow();
        assertThat(watched.lastReadAt()).isEqualTo(later);
        assertThat(watched.cancelIfUnpolled()).isEqualTo(Duration.ofHours(1));
        assertThat(watched.type()).isEqualTo("sql");
    }

    @Test
    void outOfBoundsValuesAreRefusedNamingTheField() {
        for (Object bad : List.of(-1, 604_801, 31_536_001, "soon", 1.5)) {
            Api.Response r = api.submit(Api.json(
                    Map.of("type", "sql", "params", Map.of("sql", "SELECT 1"), "cancelIfUnpolledSeconds", bad)));
            assertThat(r.status()).as("%s", bad).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.raw()).as("%s", bad).contains("cancelIfUnpolledSeconds");
        }
        String never = api.submitOk(
                Api.json(Map.of("type", "sql", "params", Map.of("sql", "SELECT 1"), "cancelIfUnpolledSeconds", 0)));
        assertThat(api.awaitFinal(never).path("cancelIfUnpolledSeconds").isNull())
                .isTrue();
    }
}
