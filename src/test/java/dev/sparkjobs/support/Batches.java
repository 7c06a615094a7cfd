package dev.sparkjobs.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** What the batch tests do over HTTP again and again: submit, wait for a node's job, wait for the end. */
public final class Batches {

    public static final String PATH = "/api/v1/batches";

    private Batches() {}

    /** Submits a batch that must be accepted; its id. */
    public static String submitOk(Api api, String body) {
        Api.Response r = api.post(PATH, body);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().path("id").asString();
    }

    /** The job of a node, once it has one. */
    public static String awaitJob(Api api, String id, String key) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !node(api.get(PATH + "/" + id).body(), key)
                        .path("jobId")
                        .isNull());
        return node(api.get(PATH + "/" + id).body(), key).path("jobId").asString();
    }

    /** The batch once it is no longer RUNNING. */
    public static JsonNode awaitEnd(Api api, String id) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !api.get(PATH + "/" + id)
                        .body()
                        .path("state")
                        .asString()
                        .equals("RUNNING"));
        return api.get(PATH + "/" + id).body();
    }

    /** The node {@code key} of a batch as the API shows it. */
    public static JsonNode node(JsonNode batch, String key) {
        for (JsonNode n : batch.path("jobs")) {
            if (n.path("key").asString().equals(key)) {
                return n;
            }
        }
        throw new AssertionError("no job " + key + " in " + batch);
    }
}
