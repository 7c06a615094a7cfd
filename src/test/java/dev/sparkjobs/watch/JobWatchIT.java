package dev.sparkjobs.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Progress on the job, its event stream and its log, through the API, on real Spark work. */
class JobWatchIT extends AbstractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private JdbcClient jdbc;

    /** One server-sent event. */
    record Event(String name, JsonNode data) {}

    @Test
    void aFinishedJobShowsTheProgressOfItsSparkWork() {
        String table = "watch_" + UUID.randomUUID().toString().replace("-", "");
        String id = api.submitOk(Api.statementsJob(
                "CREATE TABLE " + table + " USING delta AS SELECT id FROM range(0, 5000)",
                "SELECT sum(id) FROM " + table));
        assertThat(api.awaitFinal(id).path("state").asString()).isEqualTo("SUCCEEDED");

        JsonNode p = api.job(id).path("progress");
        assertThat(p.path("attempt").asInt()).isEqualTo(1);
        assertThat(p.path("sparkJobs").path("total").asLong()).isPositive();
        assertThat(p.path("sparkJobs").path("completed").asLong())
                .isEqualTo(p.path("sparkJobs").path("total").asLong());
        assertThat(p.path("stages").path("completed").asLong()).isPositive();
        assertThat(p.path("tasks").path("total").asLong()).isPositive();
        assertThat(p.path("tasks").path("completed").asLong())
                .isEqualTo(p.path("tasks").path("total").asLong());
        assertThat(p.path("tasks").path("failed").asLong()).isZero();
        assertThat(p.path("outputRows").asLong()).isEqualTo(5000);
        assertThat(p.path("outputBytes").asLong()).isPositive();
        assertThat(p.path("inputRows").asLong()).isGreaterThanOrEqualTo(5000);
        assertThat(p.path("inputBytes").asLong()).isPositive();
        assertThat(p.path("step").isNull()).isTrue();
        assertThat(p.path("sparkUi").isNull()).as("the UI is off in tests").isTrue();
    }

    @Test
    void aRunningJobShowsItsProgressLiveAndKeepsItAfterItEnds() {
        String id = api.submitOk(sql(ENDLESS));
        awaitSparkJobRunning(id);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        api.job(id).path("progress").path("tasks").path("total").asLong() > 0);
        JsonNode live = api.job(id).path("progress");
        assertThat(live.path("sparkJobs").path("total").asLong()).isPositive();
        assertThat(live.path("sparkJobs").path("completed").asLong()).isZero();

        api.cancel(id);
        JsonNode ended = api.awaitFinal(id);
        assertThat(ended.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(api.job(id).path("progress").path("sparkJobs").path("total").asLong())
                .isPositive();
    }

    @Test
    void theEventStreamSendsStatesAndProgressInOrderAndEndsAfterTheFinalState() {
        String id = api.submitOk(sql(ENDLESS));
        List<Event> events = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            HttpResponse<Stream<String>> r = openEvents(id, ADMIN_KEY);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            boolean cancelled = false;
            for (Iterator<Event> it = events(r.body()); it.hasNext(); ) {
                Event e = it.next();
                events.add(e);
                if (!cancelled
                        && e.name().equals("progress")
                        && e.data().path("tasks").path("total").asLong() > 0) {
                    api.cancel(id);
                    cancelled = true;
                }
            }
        });
        assertThat(events.get(0).name()).isEqualTo("state");
        assertThat(events.get(0).data().path("id").asString()).isEqualTo(id);
        assertThat(events).extracting(Event::name).contains("progress");
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("state");
        assertThat(last.data().path("state").asString()).isEqualTo("CANCELLED");
        assertThat(events.subList(0, events.size() - 1))
                .as("no event after the final state; every state before it is not final")
                .filteredOn(e -> e.name().equals("state"))
                .allSatisfy(e -> assertThat(e.data().path("state").asString()).isIn("QUEUED", "RUNNING"));
        int firstProgress = events.stream().map(Event::name).toList().indexOf("progress");
        int running = events.stream()
                .map(e -> e.name() + ":" + e.data().path("state").asString())
                .toList()
                .indexOf("state:RUNNING");
        assertThat(running).as("RUNNING is told before its progress").isBetween(0, firstProgress);
    }

    @Test
    void aFinishedJobsStreamIsOneStateEvent() {
        String id = api.submitOk(sql("SELECT 1"));
        api.awaitFinal(id);
        List<Event> events = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            List<Event> all = new ArrayList<>();
            events(openEvents(id, ADMIN_KEY).body()).forEachRemaining(all::add);
            return all;
        });
        assertThat(events).hasSize(1);
        assertThat(events.get(0).name()).isEqualTo("state");
        assertThat(events.get(0).data().path("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void eachJobsLogHoldsItsOwnLinesOnlyWhileItRunsAndAfter() {
        String a = "marker-a-" + UUID.randomUUID();
        String b = "marker-b-" + UUID.randomUUID();
        String idA = api.submitOk(Api.json(Map.of("type", "sql", "name", a, "params", Map.of("sql", ENDLESS))));
        String idB = api.submitOk(Api.json(Map.of("type", "sql", "name", b, "params", Map.of("sql", ENDLESS))));
        awaitSparkJobRunning(idA);
        awaitSparkJobRunning(idB);

        // while running: lines not yet flushed are read from memory
        assertThat(messages(api.get("/api/v1/jobs/" + idA + "/logs").body()))
                .anySatisfy(m -> assertThat(m).contains("started sql " + a));

        api.cancel(idA);
        api.cancel(idB);
        api.awaitFinal(idA);
        api.awaitFinal(idB);

        JsonNode logA = api.get("/api/v1/jobs/" + idA + "/logs").body();
        JsonNode logB = api.get("/api/v1/jobs/" + idB + "/logs").body();
        assertThat(messages(logA))
                .anySatisfy(m -> assertThat(m).contains("started sql " + a))
                .anySatisfy(m -> assertThat(m).contains("job ended CANCELLED"))
                .noneSatisfy(m -> assertThat(m).contains(b))
                .noneSatisfy(m -> assertThat(m).contains(idB));
        assertThat(messages(logB))
                .anySatisfy(m -> assertThat(m).contains("started sql " + b))
                .noneSatisfy(m -> assertThat(m).contains(a))
                .noneSatisfy(m -> assertThat(m).contains(idA));
        assertThat(messages(logA))
                .as("the cancel is logged on the request's thread, not the job's")
                .noneSatisfy(m -> assertThat(m).contains("stopping job"));
        assertThat(logA.path("dropped").asLong()).isZero();
        JsonNode first = logA.path("lines").get(0);
        assertThat(first.path("seq").asLong()).isZero();
        assertThat(first.path("attempt").asInt()).isEqualTo(1);
        assertThat(first.path("level").asString()).isEqualTo("INFO");
        assertThat(first.path("logger").asString()).isEqualTo("dev.sparkjobs.engine.JobRunner");
        assertThat(first.path("time").asString()).isNotBlank();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM job_log WHERE job_id = ?")
                        .param(idA)
                        .query(Long.class)
                        .single())
                .as("stored once the attempt ended")
                .isEqualTo(logA.path("lines").size());
    }

    @Test
    void logsArePagedByOffsetAndLimit() {
        String id = api.submitOk(sql(
                "SELECT * FROM no_such_table_" + UUID.randomUUID().toString().replace("-", "")));
        api.awaitFinal(id);
        JsonNode all = api.get("/api/v1/jobs/" + id + "/logs").body();
        int n = all.path("lines").size();
        assertThat(n).isGreaterThanOrEqualTo(2);
        assertThat(all.path("nextOffset").asLong()).isEqualTo(n);

        JsonNode one = api.get("/api/v1/jobs/" + id + "/logs?limit=1").body();
        assertThat(one.path("lines")).hasSize(1);
        assertThat(one.path("nextOffset").asLong()).isEqualTo(1);
        JsonNode rest =
                api.get("/api/v1/jobs/" + id + "/logs?offset=1&limit=1000").body();
        assertThat(rest.path("lines")).hasSize(n - 1);
        assertThat(rest.path("lines").get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(rest.path("lines").get(0).path("message").asString())
                .isEqualTo(all.path("lines").get(1).path("message").asString());
        JsonNode past =
                api.get("/api/v1/jobs/" + id + "/logs?offset=" + (n + 5)).body();
        assertThat(past.path("lines")).isEmpty();
        assertThat(past.path("nextOffset").asLong()).isEqualTo(n + 5);
    }

    @Test
    void badOffsetsAndLimitsAreProblemsNamingTheParameter() {
        String id = api.submitOk(sql("SELECT 1"));
        api.awaitFinal(id);
        for (String[] c : new String[][] {
            {"offset=-1", "offset"}, {"limit=0", "limit"}, {"limit=1001", "limit"}, {"offset=x", "offset"}
        }) {
            Api.Response r = api.get("/api/v1/jobs/" + id + "/logs?" + c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.body().path("errors").get(0).path("field").asString())
                    .as(c[0])
                    .isEqualTo(c[1]);
        }
    }

    @Test
    void anotherTenantsJobIsNotFoundForLogsAndEventsAndRolesApply() throws Exception {
        Api alice = api.withApiKey(ALICE_KEY);
        String id = alice.submitOk(sql("SELECT 1"));
        alice.awaitFinal(id);

        Api bob = api.withApiKey(BOB_KEY);
        for (String path : List.of("/logs", "/events")) {
            Api.Response r = bob.get("/api/v1/jobs/" + id + path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(api.get("/api/v1/jobs/" + UUID.randomUUID() + path).status())
                    .isEqualTo(404);
            assertThat(api.withApiKey(CARL_KEY).get("/api/v1/jobs/" + id + path).status())
                    .as("carl may submit, not view")
                    .isEqualTo(403);
        }
        assertThat(api.withApiKey(ANN_KEY).get("/api/v1/jobs/" + id + "/logs").status())
                .isEqualTo(200);
        HttpResponse<Stream<String>> asked = openEvents(id, BOB_KEY);
        assertThat(asked.statusCode()).as("404 even when asking for a stream").isEqualTo(404);
        assertThat(asked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        asked.body().close();
    }

    @Test
    void deletingAJobDeletesItsLogAndProgress() {
        String id = api.submitOk(sql("SELECT 1"));
        api.awaitFinal(id);
        assertThat(count("job_log", id)).isPositive();
        assertThat(count("job_progress", id)).isOne();

        // what the retention sweep does: DELETE FROM job; the rest goes with it
        jdbc.sql("DELETE FROM job WHERE id = ?").param(id).update();

        assertThat(count("job_log", id)).isZero();
        assertThat(count("job_progress", id)).isZero();
    }

    private long count(String table, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE job_id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }

    private static List<String> messages(JsonNode log) {
        List<String> messages = new ArrayList<>();
        log.path("lines").forEach(l -> messages.add(l.path("message").asString()));
        return messages;
    }

    private HttpResponse<Stream<String>> openEvents(String id, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.uri("/api/v1/jobs/" + id + "/events"))
                .header("X-API-Key", key)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    }

    /** The events of a stream, read as they come; the iterator ends when the server ends the stream. */
    private static Iterator<Event> events(Stream<String> lines) {
        Iterator<String> it = lines.iterator();
        return new Iterator<>() {
            private Event next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                String name = null;
                StringBuilder data = new StringBuilder();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (name != null) {
                            next = new Event(name, JSON.readTree(data.toString()));
                            return true;
                        }
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    }
                }
                return false;
            }

            @Override
            public Event next() {
                hasNext();
                Event e = next;
                next = null;
                return e;
            }
        };
    }
}
