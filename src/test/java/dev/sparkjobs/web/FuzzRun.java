package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.Api;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Sends {@link ApiFuzz}'s requests to a live service, one after the other, and checks what must
 * hold for every one: no 5xx, an answer the contract allows (checked by {@link Api} on every
 * exchange), and afterwards no job that a refused request created, and a service that still works.
 * Reproducible: the seed and the request's number are in every failure.
 */
final class FuzzRun {

    /** What one run saw. */
    record Outcome(long seed, int requests, int accepted, Map<Integer, Integer> statuses, Duration took) {

        @Override
        public String toString() {
            return requests + " requests (seed " + seed + ") in " + took.toSeconds() + " s; " + accepted
                    + " submits accepted; statuses " + statuses;
        }
    }

    private FuzzRun() {}

    static Outcome run(Api api, int count, long seed) throws Exception {
        return run(api, api, count, seed);
    }

    /**
     * Sends the requests with {@code sender}'s credentials (or none), and counts and checks with
     * {@code observer}'s, which must see every job {@code sender} may create.
     */
    static Outcome run(Api sender, Api observer, int count, long seed) throws Exception {
        List<String> pools = new ArrayList<>(List.of("default", "nope"));
        observer.get("/api/v1/admission")
                .body()
                .path("pools")
                .forEach(p -> pools.add(p.path("name").asString()));
        return run(sender, observer, count, seed, new ApiFuzz(pools).requests());
    }

    private static Outcome run(Api sender, Api api, int count, long seed, Gen<ApiFuzz.Sent> generator)
            throws Exception {
        Random random = new Random(seed);
        long before = jobCount(api);
        List<String> created = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ApiFuzz.Sent sent = generator.next(random);
            Api.Response r;
            try {
                r = sender.send(request(sender, sent, created));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "fuzz request #" + i + " (seed " + seed + "): " + sent + "\n" + e.getMessage(), e);
            }
            statuses.merge(r.status(), 1, Integer::sum);
            assertThat(r.status())
                    .as("fuzz request #%d (seed %d): %s -> %s", i, seed, sent, r.raw())
                    .isLessThan(500);
            if (sent.isSubmit() && r.status() == 202) {
                created.add(r.body().path("id").asString());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        awaitIdle(api);
        assertThat(jobCount(api) - before)
                .as("jobs created = submits answered 202; a refused request created none")
                .isEqualTo(created.size());
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
        String id = api.submitOk(Api.json(Map.of("type", "sql", "params", Map.of("sql", "SELECT 42"))));
        JsonNode done = api.awaitFinal(id);
        assertThat(done.path("state").asString())
                .as("a normal job after the run")
                .isEqualTo("SUCCEEDED");
        return new Outcome(seed, count, created.size(), statuses, took);
    }

    private static HttpRequest.Builder request(Api api, ApiFuzz.Sent s, List<String> created) {
        String id = s.id();
        if (id != null && id.startsWith("@")) {
            id = created.isEmpty()
                    ? "00000000-0000-4000-8000-000000000000"
                    : created.get(Integer.parseInt(id.substring(1)) % created.size());
        }
        String path =
                s.path().replace("{id}", id == null ? "" : id) + (s.query().isEmpty() ? "" : "?" + s.query());
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path))
                .method(
                        s.method(),
                        s.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(s.body()));
        if (s.body() != null && !s.headers().containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        s.headers().forEach((name, value) -> {
            if (!value.isEmpty()) {
                b.header(name, value);
            }
        });
        return b;
    }

    /** Every job in the store, by paging through the list. */
    static long jobCount(Api api) {
        long n = 0;
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/jobs?limit=500" + (cursor == null ? "" : "&cursor=" + cursor))
                    .body();
            n += page.path("items").size();
            cursor =
                    page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
        } while (cursor != null);
        return n;
    }

    private static void awaitIdle(Api api) {
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            JsonNode a = api.get("/api/v1/admission").body();
            return a.path("running").asInt() == 0 && a.path("queued").asInt() == 0;
        });
    }
}
