package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** List pages: summaries that stay small, and filters over several states. */
class JobListIT extends AbstractIT {

    @Test
    void repeatedStatesMatchJobsInAnyOfThem() {
        String batch = UUID.randomUUID().toString();
        String ok = api.submitOk(tagged(batch, "SELECT 1"));
        String failed = api.submitOk(tagged(batch, "SELECT * FROM no_such_table"));
        api.awaitFinal(ok);
        api.awaitFinal(failed);

        assertThat(ids("state=SUCCEEDED&state=FAILED&tag=b:" + batch)).containsExactly(failed, ok);
        assertThat(ids("state=FAILED&tag=b:" + batch)).containsExactly(failed);
        assertThat(ids("state=QUEUED&state=CANCELLED&tag=b:" + batch)).isEmpty();
    }

    @Test
    void itemsAreSummariesWithoutParamsResultOrAttempts() {
        String batch = UUID.randomUUID().toString();
        String big = "SELECT repeat('x', 2000) AS s FROM range(0, 20)";
        String id = api.submitOk(tagged(batch, big));
        JsonNode whole = api.awaitFinal(id);
        assertThat(whole.path("result").path("rowCount").asInt()).isEqualTo(20);

        Api.Response page = api.get("/api/v1/jobs?tag=b:" + batch);
        JsonNode item = page.body().path("items").get(0);

        assertThat(item.path("id").asString()).isEqualTo(id);
        assertThat(item.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(item.has("params")).isFalse();
        assertThat(item.has("result")).isFalse();
        assertThat(item.has("attempts")).isFalse();
        assertThat(page.raw().length())
                .as("a page is small even when the job's result is large")
                .isLessThan(2_000);
        assertThat(whole.toString().length()).isGreaterThan(20_000);
    }

    private List<String> ids(String query) {
        List<String> ids = new ArrayList<>();
        api.get("/api/v1/jobs?" + query)
                .body()
                .path("items")
                .forEach(j -> ids.add(j.path("id").asString()));
        return ids;
    }

    private static String tagged(String batch, String sql) {
        return Api.json(Map.of("type", "sql", "tags", Map.of("b", batch), "params", Map.of("sql", sql, "maxRows", 50)));
    }
}
