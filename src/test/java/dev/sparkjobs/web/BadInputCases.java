package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.Api;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input gets a 4xx problem+json with a type and a detail that says what was wrong,
 * never a 500, and creates no job. The same cases run against every store: {@link BadInputIT} on
 * the shared context (H2), {@link PostgresApiIT} on the built jar with PostgreSQL.
 */
interface BadInputCases {

    /** The service under test. */
    Api api();

    private static void assertProblem(Api.Response r, int status) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().path("status").asInt()).isEqualTo(status);
        assertThat(r.body().path("title").asString()).isNotBlank();
        assertThat(r.body().path("type").asString()).startsWith("urn:spark-job-service:problem:");
        assertThat(r.body().path("detail").asString())
                .as("no Java in what a caller reads")
                .doesNotContain("java.", "dev.sparkjobs", "[L", "Cannot construct", "ParamError[", "`");
    }

    private static Api.Response assertInvalid(Api.Response r, String field) {
        assertProblem(r, 400);
        assertThat(r.body().path("errors").findValuesAsString("field"))
                .anySatisfy(f -> assertThat(f).startsWith(field));
        return r;
    }

    private static String sql(String sql) {
        return Api.json(Map.of("type", "sql", "params", Map.of("sql", sql)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{bad json",
                "",
                "null",
                "[]",
                "\"sql\"",
                "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}} trailing",
                "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}} {}"
            })
    default void malformedBodiesAre400(String body) {
        assertProblem(api().submit(body), 400);
    }

    @Test
    default void unknownFieldsAre400AndNameTheField() {
        Api.Response r = api().submit("{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"},\"timeoutSecs\":5}");
        assertProblem(r, 400);
        assertThat(r.body().path("detail").asString()).contains("timeoutSecs").contains("timeoutSeconds");
    }

    @Test
    default void anUnknownTypeIs400AndListsTheKnownOnes() {
        Api.Response r = api().submit("{\"type\":\"spark-submit\",\"params\":{\"x\":1}}");
        assertProblem(r, 400);
        assertThat(r.body().path("knownTypes").toString()).contains("\"sql\"");
    }

    @Test
    default void invalidParamsAre400WithOneEntryPerFieldAndADetailToRead() {
        Api.Response r = api().submit("{\"type\":\"sql\",\"params\":{\"maxRows\":0,\"sqll\":\"x\"}}");
        assertProblem(r, 400);
        assertThat(r.body().path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("params.sqll", "params.sql", "params.maxRows");
        assertThat(r.body().path("detail").asString())
                .startsWith("3 invalid fields. ")
                .contains("params.maxRows: must be greater than or equal to 1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"params\":{\"sql\":\"SELECT 1\"}}|type",
                "{\"type\":\"\",\"params\":{\"sql\":\"SELECT 1\"}}|type",
                "{\"type\":\"sql\"}|params",
                "{\"type\":\"sql\",\"params\":{}}|params",
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
    default void invalidFieldsAre400AndNameTheField(String body, String field) {
        assertInvalid(api().submit(body), field);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"sql\",\"priority\":\"high\",\"params\":{\"sql\":\"SELECT 1\"}}|priority: must be a whole number",
                "{\"type\":\"sql\",\"priority\":1.5,\"params\":{\"sql\":\"SELECT 1\"}}|priority: must be a whole number",
                "{\"type\":\"sql\",\"priority\":99999999999,\"params\":{\"sql\":\"SELECT 1\"}}|priority: must be a whole number",
                "{\"type\":\"sql\",\"params\":\"SELECT 1\"}|params: must be an object",
                "{\"type\":\"sql\",\"tags\":[\"a\"],\"params\":{\"sql\":\"SELECT 1\"}}|tags: must be an object",
                "{\"type\":\"sql\",\"retryOn\":[\"CANCELLED\"],\"params\":{\"sql\":\"SELECT 1\"}}|retryOn[0]: must be one of FAILED, TIMED_OUT, DRIVER_RESTART",
                "{\"type\":\"sql\",\"retryOn\":\"FAILED\",\"params\":{\"sql\":\"SELECT 1\"}}|retryOn: must be an array",
                "{\"type\":\"sql\",\"maxRetries\":\"two\",\"params\":{\"sql\":\"SELECT 1\"}}|maxRetries: must be a whole number",
                "{\"type\":7,\"params\":{\"sql\":\"SELECT 1\"}}|type: must be a string",
                "{\"type\":\"sql\",\"priority\":\"5\",\"params\":{\"sql\":\"SELECT 1\"}}|priority: must be a whole number",
                "{\"type\":\"sql\",\"name\":true,\"params\":{\"sql\":\"SELECT 1\"}}|name: must be a string",
                "[]|body: must be an object",
                "\"sql\"|body: must be an object",
            })
    default void wronglyTypedValuesAre400AndSayWhatWasExpectedWhere(String body, String detail) {
        Api.Response r = api().submit(body);
        assertProblem(r, 400);
        assertThat(r.body().path("detail").asString()).contains(detail);
    }

    @Test
    default void aNullRetryOnEntryIs400() {
        assertInvalid(
                api().submit("{\"type\":\"sql\",\"retryOn\":[null],\"params\":{\"sql\":\"SELECT 1\"}}"), "retryOn");
    }

    @Test
    default void bodiesOverOneMebibyteAre413WithOrWithoutContentLength() {
        String big = "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT '" + "x".repeat(1024 * 1024) + "'\"}}";
        Api.Response declared = api().submit(big);
        assertProblem(declared, 413);
        assertThat(declared.body().path("type").asString()).endsWith(":body-too-large");
        Api.Response chunked = api().postRaw(
                        "/api/v1/jobs",
                        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())),
                        "Content-Type",
                        "application/json");
        assertProblem(chunked, 413);
        assertThat(chunked.body().path("type").asString()).endsWith(":body-too-large");
        assertThat(declared.body().path("detail").asString())
                .isEqualTo(chunked.body().path("detail").asString());
    }

    @Test
    default void aBodyThatIsNotJsonIs415() {
        assertProblem(
                api().postRaw(
                                "/api/v1/jobs",
                                HttpRequest.BodyPublishers.ofString("type=sql"),
                                "Content-Type",
                                "text/plain"),
                415);
        assertProblem(
                api().postRaw(
                                "/api/v1/jobs",
                                HttpRequest.BodyPublishers.ofString("<job/>"),
                                "Content-Type",
                                "application/xml"),
                415);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "multipart/form-data",
                "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded",
                "text/plain"
            })
    default void bodiesOfOtherMediaTypesAre415(String contentType) {
        assertProblem(
                api().postRaw(
                                "/api/v1/jobs",
                                HttpRequest.BodyPublishers.ofString(sql("SELECT 1")),
                                "Content-Type",
                                contentType),
                415);
    }

    @Test
    default void aBodyWithoutContentTypeIs415AndSaysSo() {
        Api.Response r = api().postRaw("/api/v1/jobs", HttpRequest.BodyPublishers.ofString(sql("SELECT 1")));
        assertProblem(r, 415);
        assertThat(r.body().path("detail").asString())
                .contains("no Content-Type")
                .contains("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-00000000000Z", "%20", "123"})
    default void malformedIdsAre404Everywhere(String id) {
        assertProblem(api().get("/api/v1/jobs/" + id), 404);
        assertProblem(api().get("/api/v1/jobs/" + id + "/status"), 404);
        assertProblem(api().cancel(id), 404);
    }

    @Test
    default void unknownIdsAre404() {
        String id = UUID.randomUUID().toString();
        assertProblem(api().get("/api/v1/jobs/" + id), 404);
        assertProblem(api().get("/api/v1/jobs/" + id + "?waitSeconds=5"), 404);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "limit=0|limit",
                "limit=501|limit",
                "limit=ten|limit",
                "state=DONE|state",
                "cursor=bm9wZQ|cursor",
                "tag=novalue|tag",
                "tag=:x|tag",
                "limit=|limit",
                "cursor=|cursor",
                "state=|state",
                "state=+|state",
                "state=FAILED&state=%20|state",
                "state|state",
                "stat=FAILED|stat",
                "name=x|name",
                "limit=1&limit=2|limit",
                "=x|query",
                "type=%FF|query",
                "type=a%00b|type",
                "pool=%00|pool",
                "tag=team:%00|tag",
                "type=a%0Ab|type",
            })
    default void badListParametersAre400AndNameTheParameter(String query, String field) {
        assertInvalid(api().get("/api/v1/jobs?" + query), field);
    }

    @Test
    default void unknownQueryParametersNameWhatTheEndpointTakes() {
        Api.Response r = api().get("/api/v1/jobs?stat=FAILED");
        assertThat(r.body().path("detail").asString())
                .contains("stat")
                .contains("state, type, pool, tag, limit, cursor");
        assertInvalid(api().get("/api/v1/admission?verbose=true"), "verbose");
        assertInvalid(api().get("/api/v1/job-types?name=sql"), "name");
        assertInvalid(api().get("/api/v1/jobs/" + UUID.randomUUID() + "/status?wait=1"), "wait");
        assertInvalid(
                api().postRaw(
                                "/api/v1/jobs/" + UUID.randomUUID() + "/cancel?force=true",
                                HttpRequest.BodyPublishers.noBody()),
                "force");
    }

    @Test
    default void anUnknownStateListsTheValidOnes() {
        Api.Response r = assertInvalid(api().get("/api/v1/jobs?state=succeeded"), "state");
        assertThat(r.body().path("detail").asString())
                .contains("succeeded")
                .contains("QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, SKIPPED");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "waitSeconds=-1|waitSeconds",
                "waitSeconds=61|waitSeconds",
                "waitSeconds=soon|waitSeconds",
                "waitSeconds=|waitSeconds",
                "waitSeconds=null&waitSeconds=null|waitSeconds",
                "waitSeconds=0&waitSeconds=0|waitSeconds",
                "=1|query",
                "wait=1|wait",
            })
    default void badParametersOfAJobAre400(String query, String field) {
        String id = UUID.randomUUID().toString();
        assertInvalid(api().get("/api/v1/jobs/" + id + "?" + query), field);
    }

    @Test
    default void idempotencyKeysLongerThan128CharactersAre400() {
        Api.Response r = api().submit(sql("SELECT 1"), "Idempotency-Key", "k".repeat(129));
        assertProblem(r, 400);
        assertThat(r.body().path("errors").findValuesAsString("field")).containsExactly("Idempotency-Key");
    }

    @Test
    default void controlCharactersInLabelsAre400AndNameTheField() {
        Map<String, String> cases = Map.of(
                "name", "a\u0000b",
                "type", "sq\u0000l",
                "pool", "def\u0000ault");
        for (String text : List.of("a\u0000b", "line\nbreak", "bell\u0007", "esc\u001b[31m", "\u0085")) {
            assertInvalid(
                    api().submit(Api.json(Map.of("type", "sql", "name", text, "params", Map.of("sql", "SELECT 1")))),
                    "name");
        }
        cases.forEach((field, text) -> {
            Map<String, Object> body =
                    new java.util.HashMap<>(Map.of("type", "sql", "params", Map.of("sql", "SELECT 1")));
            body.put(field, text);
            assertInvalid(api().submit(Api.json(body)), field);
        });
    }

    @Test
    default void nulInTagsAndParamsIs400() {
        assertInvalid(
                api().submit(Api.json(
                        Map.of("type", "sql", "tags", Map.of("te\u0000am", "a"), "params", Map.of("sql", "SELECT 1")))),
                "tags");
        assertInvalid(
                api().submit(Api.json(
                        Map.of("type", "sql", "tags", Map.of("team", "a\u0000"), "params", Map.of("sql", "SELECT 1")))),
                "tags");
        assertInvalid(api().submit(sql("SELECT '\u0000'")), "params");
    }

    @Test
    default void noBadInputCreatedAJob() {
        String marker = UUID.randomUUID().toString();
        api().submit(Api.json(Map.of(
                "type", "sql", "tags", Map.of("m", marker), "priority", 5000, "params", Map.of("sql", "SELECT 1"))));
        api().submit(Api.json(
                Map.of("type", "sql", "tags", Map.of("m", marker), "params", Map.of("sqll", "SELECT 1"))));
        api().submit(Api.json(Map.of(
                "type", "sql", "name", "n\u0000", "tags", Map.of("m", marker), "params", Map.of("sql", "SELECT 1"))));
        assertThat(api().get("/api/v1/jobs?tag=m:" + marker)
                        .body()
                        .path("items")
                        .size())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /api/v1/jobs/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/jobs?type=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/jobs/a%2Fb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0001b\r\nConnection: close\r\n\r\n",
                "GET /api/v1/jobs?a=\u00ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            })
    default void requestsTheServerCannotParseAreProblemsToo(String request) {
        String answer = api().sendRaw(request);
        assertThat(answer).startsWith("HTTP/1.1 400");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("content-type: application/problem+json");
        assertThat(answer).contains("\"type\":\"urn:spark-job-service:problem:").contains("\"detail\":");
    }

    @Test
    default void wrongMethodsUnknownPathsAndUnacceptableAcceptsAreProblemsToo() {
        assertProblem(api().get("/api/v1/nothing-here"), 404);
        assertProblem(api().get("/api/v1/jobs/" + UUID.randomUUID() + "/cancel"), 405);
        assertProblem(
                api().send(HttpRequest.newBuilder(api().uri("/api/v1/jobs")).header("Accept", "application/xml")), 406);
        assertProblem(
                api().send(HttpRequest.newBuilder(api().uri("/api/v1/jobs"))
                        .method("DELETE", HttpRequest.BodyPublishers.noBody())),
                405);
    }
}
