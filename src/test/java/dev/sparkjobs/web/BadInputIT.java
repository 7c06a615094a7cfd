package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad input gets a 4xx problem+json, never a 500, and creates no job. */
class BadInputIT extends AbstractIT {

    private static void assertProblem(Api.Response r, int status) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().path("status").asInt()).isEqualTo(status);
        assertThat(r.body().path("title").asString()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{bad json",
                "",
                "null",
                "[]",
                "\"sql\"",
                "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}} trailing"
            })
    void malformedBodiesAre400(String body) {
        assertProblem(api.submit(body), 400);
    }

    @Test
    void unknownFieldsAre400AndNameTheField() {
        Api.Response r = api.submit("{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"},\"timeoutSecs\":5}");
        assertProblem(r, 400);
        assertThat(r.body().path("detail").asString()).contains("timeoutSecs");
    }

    @Test
    void anUnknownTypeIs400AndListsTheKnownOnes() {
        Api.Response r = api.submit("{\"type\":\"spark-submit\",\"params\":{}}");
        assertProblem(r, 400);
        assertThat(r.body().path("knownTypes").toString()).contains("\"sql\"");
    }

    @Test
    void invalidParamsAre400WithOneEntryPerField() {
        Api.Response r = api.submit("{\"type\":\"sql\",\"params\":{\"maxRows\":0,\"sqll\":\"x\"}}");
        assertProblem(r, 400);
        assertThat(r.body().path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("params.sqll", "params.sql", "params.maxRows");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"params\":{\"sql\":\"SELECT 1\"}}|type",
                "{\"type\":\"\",\"params\":{\"sql\":\"SELECT 1\"}}|type",
                "{\"type\":\"sql\",\"priority\":5000,\"params\":{\"sql\":\"SELECT 1\"}}|priority",
                "{\"type\":\"sql\",\"priority\":-5000,\"params\":{\"sql\":\"SELECT 1\"}}|priority",
                "{\"type\":\"sql\",\"timeoutSeconds\":0,\"params\":{\"sql\":\"SELECT 1\"}}|timeoutSeconds",
                "{\"type\":\"sql\",\"timeoutSeconds\":604800,\"params\":{\"sql\":\"SELECT 1\"}}|timeoutSeconds",
                "{\"type\":\"sql\",\"pool\":\"nope\",\"params\":{\"sql\":\"SELECT 1\"}}|pool",
                "{\"type\":\"sql\",\"tags\":{\"a:b\":\"c\"},\"params\":{\"sql\":\"SELECT 1\"}}|tags",
                "{\"type\":\"sql\",\"tags\":{\"team\":null},\"params\":{\"sql\":\"SELECT 1\"}}|tags",
                "{\"type\":\"sql\",\"maxRetries\":-1,\"params\":{\"sql\":\"SELECT 1\"}}|maxRetries",
                "{\"type\":\"sql\",\"maxRetries\":21,\"params\":{\"sql\":\"SELECT 1\"}}|maxRetries",
                "{\"type\":\"sql\",\"retryBackoffSeconds\":-1,\"params\":{\"sql\":\"SELECT 1\"}}|retryBackoffSeconds",
                "{\"type\":\"sql\",\"retryBackoffSeconds\":86401,\"params\":{\"sql\":\"SELECT 1\"}}|retryBackoffSeconds",
            })
    void invalidFieldsAre400AndNameTheField(String body, String field) {
        Api.Response r = api.submit(body);
        assertProblem(r, 400);
        assertThat(r.body().path("errors").findValuesAsString("field"))
                .anySatisfy(f -> assertThat(f).startsWith(field));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"sql\",\"priority\":\"high\",\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"priority\":1.5,\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"priority\":99999999999,\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"params\":\"SELECT 1\"}",
                "{\"type\":\"sql\",\"tags\":[\"a\"],\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"retryOn\":[\"CANCELLED\"],\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"retryOn\":[null],\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"retryOn\":\"FAILED\",\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"maxRetries\":\"two\",\"params\":{\"sql\":\"SELECT 1\"}}"
            })
    void wronglyTypedValuesAre400(String body) {
        assertProblem(api.submit(body), 400);
    }

    @Test
    void bodiesOverOneMebibyteAre413WithOrWithoutContentLength() {
        String big = "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT '" + "x".repeat(1024 * 1024) + "'\"}}";
        assertProblem(api.submit(big), 413);
        Api.Response chunked = api.postRaw(
                "/api/v1/jobs",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())),
                "Content-Type",
                "application/json");
        assertProblem(chunked, 413);
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        assertProblem(
                api.postRaw(
                        "/api/v1/jobs", HttpRequest.BodyPublishers.ofString("type=sql"), "Content-Type", "text/plain"),
                415);
        assertProblem(
                api.postRaw(
                        "/api/v1/jobs",
                        HttpRequest.BodyPublishers.ofString("<job/>"),
                        "Content-Type",
                        "application/xml"),
                415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-00000000000Z", "%20", "123"})
    void malformedIdsAre404Everywhere(String id) {
        assertProblem(api.get("/api/v1/jobs/" + id), 404);
        assertProblem(api.get("/api/v1/jobs/" + id + "/status"), 404);
        assertProblem(api.cancel(id), 404);
    }

    @Test
    void unknownIdsAre404() {
        String id = UUID.randomUUID().toString();
        assertProblem(api.get("/api/v1/jobs/" + id), 404);
        assertProblem(api.get("/api/v1/jobs/" + id + "?waitSeconds=5"), 404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"limit=0", "limit=501", "limit=ten", "state=DONE", "cursor=bm9wZQ", "tag=novalue", "tag=:x"})
    void badListParametersAre400(String query) {
        assertProblem(api.get("/api/v1/jobs?" + query), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "61", "soon"})
    void badWaitSecondsAre400(String wait) {
        String id = UUID.randomUUID().toString();
        assertProblem(api.get("/api/v1/jobs/" + id + "?waitSeconds=" + wait), 400);
    }

    @Test
    void idempotencyKeysLongerThan128CharactersAre400() {
        Api.Response r = api.submit(sql("SELECT 1"), "Idempotency-Key", "k".repeat(129));
        assertProblem(r, 400);
        assertThat(r.body().path("errors").findValuesAsString("field")).containsExactly("Idempotency-Key");
    }

    @Test
    void noBadInputCreatedAJob() {
        String marker = UUID.randomUUID().toString();
        api.submit(Api.json(Map.of(
                "type", "sql", "tags", Map.of("m", marker), "priority", 5000, "params", Map.of("sql", "SELECT 1"))));
        api.submit(Api.json(Map.of("type", "sql", "tags", Map.of("m", marker), "params", Map.of("sqll", "SELECT 1"))));
        assertThat(api.get("/api/v1/jobs?tag=m:" + marker).body().path("items").size())
                .isZero();
    }

    @Test
    void wrongMethodsAndUnknownPathsAreProblemsToo() {
        assertProblem(api.get("/api/v1/nothing-here"), 404);
        assertProblem(api.get("/api/v1/jobs/" + UUID.randomUUID() + "/cancel"), 405);
    }
}
