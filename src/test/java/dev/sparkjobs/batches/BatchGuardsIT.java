package dev.sparkjobs.batches;

import static dev.sparkjobs.support.Batches.awaitEnd;
import static dev.sparkjobs.support.Batches.awaitJob;
import static dev.sparkjobs.support.Batches.node;
import static dev.sparkjobs.support.Batches.submitOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.execution.Submission;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What a batch must not let happen: another caller of its tenant slipping a job of its own in as
 * one of the batch's, a waiting job counted as a refused submission, a read that costs a query per
 * job.
 */
class BatchGuardsIT extends AbstractIT {

    private static final String BATCHES = "/api/v1/batches";

    @Autowired
    private JobService jobService;

    @Autowired
    private MeterRegistry registry;

    @Test
    void aCallerCannotSubmitAJobUnderTheKeyOfABatchsJob() {
        Api alice = api.withApiKey(ALICE_KEY);
        Api carl = api.withApiKey(CARL_KEY);
        String id = submitOk(alice, gatedBatch());
        try {
            Api.Response planted = carl.submit(sql("SELECT 666 AS n"), "Idempotency-Key", "batch:" + id + ":target:1");

            assertThat(planted.status()).as(planted.raw()).isEqualTo(400);
            assertThat(planted.body().path("errors").get(0).path("field").asString())
                    .isEqualTo("Idempotency-Key");
            assertThat(planted.body().path("errors").get(0).path("message").asString())
                    .contains("batch:");
        } finally {
            api.post(BATCHES + "/" + id + "/cancel", "");
        }
    }

    @Test
    void aJobTheBatchDidNotMakeIsNeverTakenForOneOfItsJobs() {
        Api alice = api.withApiKey(ALICE_KEY);
        String id = submitOk(alice, gatedBatch());
        try {
            // a job that holds the key already (stored before the prefix was reserved), by another
            // submitter of the tenant
            Caller carl = new Caller("carl", "team-a", Set.of(Role.SUBMITTER));
            String planted = jobService
                    .submit(plain("SELECT 666 AS n", "batch:" + id + ":target:1"), carl)
                    .job()
                    .id()
                    .toString();
            String gate = awaitJob(api, id, "gate");
            api.cancel(gate);

            JsonNode b = awaitEnd(api, id);

            JsonNode target = node(b, "target");
            assertThat(target.path("jobId").asString()).isNotEqualTo(planted);
            assertThat(target.path("state").asString()).isEqualTo("FAILED");
            assertThat(target.path("error").path("message").asString()).contains("batch:" + id + ":target:1", planted);
            assertThat(api.job(planted).path("batchId").isNull())
                    .as("the planted job is not linked to the batch")
                    .isTrue();
        } finally {
            api.post(BATCHES + "/" + id + "/cancel", "");
        }
    }

    @Test
    void aJobWaitingForItsTenantsQuotaIsNotCountedAsARefusedSubmission() {
        // team-q may hold one place (running or queued): the other two wait for several ticks
        Api quinn = api.withBearer(TestTokens.token("quinn", "team-q", "submitter", "viewer"));
        double before = queueFull();
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (String key : List.of("q1", "q2", "q3")) {
            Map<String, Object> job = job(key, List.of(), "SELECT sum(id % 7) AS n FROM range(0, 150000000)");
            job.put("pool", "etl");
            jobs.add(job);
        }
        String id = submitOk(quinn, batch(Map.of("concurrency", 3), jobs));

        JsonNode b = awaitEnd(api, id);

        assertThat(b.path("state").asString()).as(b.toString()).isEqualTo("SUCCEEDED");
        JsonNode first = api.job(node(b, "q1").path("jobId").asString());
        JsonNode third = api.job(node(b, "q3").path("jobId").asString());
        assertThat(Instant.parse(third.path("submittedAt").asString()))
                .as("q3 waited for a place")
                .isAfterOrEqualTo(Instant.parse(first.path("finishedAt").asString()));
        assertThat(queueFull()).as("no caller was refused").isEqualTo(before);
    }

    @Test
    void readingABatchOfFiveHundredJobsTakesAFewQueriesNotTwoPerJob() {
        List<Map<String, Object>> jobs = new ArrayList<>();
        jobs.add(job("root", List.of(), "SELECT 1 / 0 AS n"));
        for (int i = 0; i < 499; i++) {
            jobs.add(job("n" + i, List.of("root"), "SELECT 1"));
        }
        String id = submitOk(api, batch(Map.of("concurrency", 200), jobs));
        JsonNode ended = awaitEnd(api, id);
        assertThat(ended.path("counts").path("SKIPPED").asInt()).isEqualTo(499);
        String path = BATCHES + "/" + id;
        api.get(path); // warm

        long before = borrows();
        long started = System.nanoTime();
        Api.Response read = api.get(path);
        long readMillis = (System.nanoTime() - started) / 1_000_000;
        long perRead = borrows() - before;
        before = borrows();
        started = System.nanoTime();
        api.get(BATCHES + "?limit=500");
        long listMillis = (System.nanoTime() - started) / 1_000_000;
        long perList = borrows() - before;
        System.out.printf(
                "batch of 500 jobs: GET /batches/{id} %d statements, %d ms; GET /batches %d statements, %d ms%n",
                perRead, readMillis, perList, listMillis);

        assertThat(read.body().path("jobs")).hasSize(500);
        // a few besides the read's own come from the service's background work
        assertThat(perRead).as("statements for one read").isLessThan(25);
    }

    /**
     * Connections taken from the pool so far: each statement outside a transaction takes one, which
     * is how the store runs its reads.
     */
    private long borrows() {
        return registry.find("hikaricp.connections.usage").timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    private double queueFull() {
        Counter c = registry.find("jobservice.jobs.rejected")
                .tag("reason", "queue_full")
                .counter();
        return c == null ? 0 : c.count();
    }

    /** gate runs until cancelled; target waits for it, however it ends. */
    private static String gatedBatch() {
        Map<String, Object> target = job("target", List.of("gate"), "SELECT 7 AS n");
        target.put("runIf", "ALL_DONE");
        return batch(Map.of(), List.of(job("gate", List.of(), ENDLESS), target));
    }

    private static Submission plain(String sql, String key) {
        return new Submission(
                "sql", null, Map.of("sql", sql), null, null, null, null, null, null, null, null, null, key, 0L);
    }

    private static Map<String, Object> job(String key, List<String> dependsOn, String sql) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("key", key);
        job.put("dependsOn", dependsOn);
        job.put("type", "sql");
        job.put("params", Map.of("sql", sql));
        return job;
    }

    private static String batch(Map<String, Object> fields, List<Map<String, Object>> jobs) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("jobs", jobs);
        return Api.json(body);
    }
}
