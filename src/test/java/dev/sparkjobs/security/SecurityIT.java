package dev.sparkjobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.LogCapture;
import dev.sparkjobs.support.TestTokens;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Authentication, roles and tenants over real HTTP, with the shared context's keys and JWT issuer. */
class SecurityIT extends AbstractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Api as(String key) {
        return api.withApiKey(key);
    }

    private String finishedJobOf(Api caller) {
        String id = caller.submitOk(sql("SELECT 1 AS one"));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.state(id).equals("SUCCEEDED"));
        return id;
    }

    @Test
    void withoutCredentialsEveryApiCallIs401WithABearerChallengeAndProblemJson() {
        Api nobody = api.anonymous();
        String id = finishedJobOf(as(ALICE_KEY));
        List<Api.Response> answers = List.of(
                nobody.submit(sql("SELECT 1")),
                nobody.get("/api/v1/jobs"),
                nobody.get("/api/v1/jobs/" + id),
                nobody.get("/api/v1/jobs/" + id + "/status"),
                nobody.cancel(id),
                nobody.get("/api/v1/admission"),
                nobody.get("/api/v1/job-types"));
        for (Api.Response r : answers) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"spark-job-service\"");
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body().path("type").asString()).isEqualTo("urn:spark-job-service:problem:unauthenticated");
        }
    }

    @Test
    void aWrongKeyOrTwoCredentialsAre401InvalidToken() {
        Api.Response unknown = api.withApiKey("not-a-key").get("/api/v1/jobs");
        Api.Response unknownBearer = api.withBearer("not-a-key").get("/api/v1/jobs");
        Api.Response both = api.send(HttpRequest.newBuilder(api.uri("/api/v1/jobs"))
                .header("X-API-Key", ALICE_KEY)
                .header("Authorization", "Bearer " + ALICE_KEY)
                .GET());
        for (Api.Response r : List.of(unknown, unknownBearer, both)) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate"))
                    .startsWith("Bearer realm=\"spark-job-service\", error=\"invalid_token\"");
            assertThat(r.body().path("type").asString()).isEqualTo("urn:spark-job-service:problem:invalid-credentials");
        }
    }

    @Test
    void anApiKeyWorksAsBearerTokenToo() {
        Api.Response r = api.withBearer(ALICE_KEY).get("/api/v1/jobs");
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void aJobRecordsItsTenantAndWhoSubmittedIt() {
        String id = as(ALICE_KEY).submitOk(sql("SELECT 1"));
        JsonNode job = as(ALICE_KEY).job(id);
        assertThat(job.path("tenant").asString()).isEqualTo("team-a");
        assertThat(job.path("submittedBy").asString()).isEqualTo("alice");
    }

    @Test
    void eachRoleMayDoWhatItsNameSays() {
        String aliceJob = finishedJobOf(as(ALICE_KEY));
        // viewer: reads its tenant's jobs, may not submit or cancel
        Api ann = as(ANN_KEY);
        assertThat(ann.submit(sql("SELECT 1")).status()).isEqualTo(403);
        assertThat(ann.get("/api/v1/jobs/" + aliceJob).status()).isEqualTo(200);
        assertThat(ann.get("/api/v1/jobs/" + aliceJob + "/status").status()).isEqualTo(200);
        assertThat(ann.get("/api/v1/jobs").status()).isEqualTo(200);
        assertThat(ann.cancel(aliceJob).status()).isEqualTo(403);
        assertThat(ann.get("/api/v1/job-types").status()).isEqualTo(200);
        assertThat(ann.get("/api/v1/admission").status()).isEqualTo(200);
        // submitter without viewer: submits and cancels, may not read
        Api carl = as(CARL_KEY);
        Api.Response submitted = carl.submit(sql("SELECT 1"));
        assertThat(submitted.status()).isEqualTo(202);
        assertThat(carl.get("/api/v1/jobs/" + aliceJob).status()).isEqualTo(403);
        assertThat(carl.get("/api/v1/jobs/" + aliceJob + "/status").status()).isEqualTo(403);
        assertThat(carl.get("/api/v1/jobs").status()).isEqualTo(403);
        assertThat(carl.cancel(aliceJob).status())
                .as("permitted; the job is over")
                .isEqualTo(409);
        // admin: any tenant's job
        assertThat(as(ADMIN_KEY).get("/api/v1/jobs/" + aliceJob).status()).isEqualTo(200);
        assertThat(as(ADMIN_KEY).cancel(aliceJob).status()).isEqualTo(409);
        Api.Response forbidden = ann.submit(sql("SELECT 1"));
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(forbidden.body().path("type").asString()).isEqualTo("urn:spark-job-service:problem:forbidden");
        assertThat(forbidden.body().path("requiredRole").asString()).isEqualTo("submitter");
    }

    @Test
    void anotherTenantsJobIs404EverywhereAndAbsentFromItsLists() {
        String aliceJob = finishedJobOf(as(ALICE_KEY));
        Api bob = as(BOB_KEY);
        String bobJob = bob.submitOk(sql("SELECT 2"));

        for (Api.Response r : List.of(
                bob.get("/api/v1/jobs/" + aliceJob),
                bob.get("/api/v1/jobs/" + aliceJob + "?waitSeconds=1"),
                bob.get("/api/v1/jobs/" + aliceJob + "/status"),
                bob.cancel(aliceJob))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body().path("detail").asString())
                    .as("the same answer as for an id that never existed")
                    .isEqualTo("no job with id '" + aliceJob + "'");
        }
        assertThat(ids(bob.get("/api/v1/jobs?limit=500"))).contains(bobJob).doesNotContain(aliceJob);
        assertThat(ids(as(ALICE_KEY).get("/api/v1/jobs?limit=500")))
                .contains(aliceJob)
                .doesNotContain(bobJob);
        assertThat(ids(as(ADMIN_KEY).get("/api/v1/jobs?limit=500"))).contains(aliceJob, bobJob);
        assertThat(as(ALICE_KEY).job(aliceJob).path("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void anIdempotencyKeyIsItsTenantsOwn() {
        String key = "nightly-" + UUID.randomUUID();
        Api.Response alice = as(ALICE_KEY).submit(sql("SELECT 1"), "Idempotency-Key", key);
        Api.Response bob = as(BOB_KEY).submit(sql("SELECT 1"), "Idempotency-Key", key);
        Api.Response aliceAgain = as(ALICE_KEY).submit(sql("SELECT 1"), "Idempotency-Key", key);

        assertThat(alice.status()).isEqualTo(202);
        assertThat(bob.status())
                .as("a new job for the other tenant, not alice's")
                .isEqualTo(202);
        assertThat(bob.body().path("id").asString())
                .isNotEqualTo(alice.body().path("id").asString());
        assertThat(aliceAgain.status()).isEqualTo(200);
        assertThat(aliceAgain.body().path("id").asString())
                .isEqualTo(alice.body().path("id").asString());
    }

    @Test
    void aJwtSignedByTheIssuerAuthenticatesWithItsClaims() {
        Api dora = api.withBearer(TestTokens.token("dora", "team-d", "submitter", "viewer", "unknown-role"));
        String id = dora.submitOk(sql("SELECT 1"));
        JsonNode job = dora.job(id);
        assertThat(job.path("tenant").asString()).isEqualTo("team-d");
        assertThat(job.path("submittedBy").asString()).isEqualTo("dora");
        assertThat(as(ALICE_KEY).get("/api/v1/jobs/" + id).status()).isEqualTo(404);

        Api viewer = api.withBearer(TestTokens.token("vic", "team-d", "viewer"));
        assertThat(viewer.submit(sql("SELECT 1")).status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/jobs/" + id).status()).isEqualTo(200);

        Api roleless = api.withBearer(TestTokens.token("rex", "team-d", "offline_access"));
        for (Api.Response r : List.of(
                roleless.get("/api/v1/admission"),
                roleless.get("/api/v1/job-types"),
                roleless.get("/api/v1/jobs"),
                roleless.submit(sql("SELECT 1")))) {
            assertThat(r.status()).isEqualTo(403);
        }
    }

    @Test
    void expiredForgedAndTenantlessTokensAre401() {
        for (String token : List.of(
                TestTokens.expired("dora", "team-d", "submitter"),
                TestTokens.forged("dora", "team-d", "admin"),
                TestTokens.token("dora", null, "admin"),
                TestTokens.forAnotherAudience("dora", "team-d", "admin"),
                "a.b.c")) {
            Api.Response r = api.withBearer(token).get("/api/v1/jobs");
            assertThat(r.status()).as(token).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void probesStayOpenWithoutDetailsWhichOnlyAdminsSee() {
        Api.Response anonymous = api.anonymous().get("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body().has("components")).isFalse();
        assertThat(api.anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api.anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(as(ALICE_KEY).get("/actuator/health").body().has("components"))
                .isFalse();
        assertThat(as(ADMIN_KEY)
                        .get("/actuator/health")
                        .body()
                        .path("components")
                        .has("spark"))
                .isTrue();

        assertThat(api.anonymous().get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(api.anonymous().get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api.anonymous().get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(as(ALICE_KEY).get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(as(ADMIN_KEY).get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDeclaresBothSchemes() {
        JsonNode doc = api.anonymous().get("/v3/api-docs").body();
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("apiKey").path("type").asString()).isEqualTo("apiKey");
        assertThat(schemes.path("apiKey").path("name").asString()).isEqualTo("X-API-Key");
        assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.path("paths")
                        .path("/api/v1/jobs")
                        .path("post")
                        .path("responses")
                        .has("401"))
                .isTrue();
    }

    @Test
    void everySubmitCancelAndRefusalWritesOneAuditLine() {
        List<JsonNode> lines = new ArrayList<>();
        String aliceJob = finishedJobOf(as(ALICE_KEY));
        String submitted;
        String encoded;
        try (LogCapture audit = LogCapture.attach(AuditLog.LOGGER, Level.INFO)) {
            submitted = as(ALICE_KEY).submitOk(sql("SELECT 1"));
            as(ALICE_KEY).cancel(aliceJob); // 409: over
            api.anonymous().get("/api/v1/jobs");
            as(ANN_KEY).submit(sql("SELECT 1"));
            as(BOB_KEY).get("/api/v1/jobs/" + aliceJob);
            as(ALICE_KEY).get("/api/v1/jobs/" + aliceJob); // an ordinary read: not audited
            as(ALICE_KEY).submit(sql("SELECT reflect('java.lang.System', 'exit', 0)"));
            encoded = as(ALICE_KEY)
                    .send(HttpRequest.newBuilder(api.uri("/api/v1/%6Aobs"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(sql("SELECT 1"))))
                    .body()
                    .path("id")
                    .asString();
            await().atMost(Duration.ofSeconds(10)).until(() -> audit.messages().size() >= 7);
            audit.messages().forEach(m -> lines.add(JSON.readTree(m)));
        }
        assertThat(lines).hasSize(7);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.path("time").asString()).isNotBlank();
            assertThat(l.path("remote").asString()).isEqualTo("127.0.0.1");
        });
        JsonNode submit = lines.get(0);
        assertThat(submit.path("event").asString()).isEqualTo("submit");
        assertThat(submit.path("outcome").asString()).isEqualTo("accepted");
        assertThat(submit.path("caller").asString()).isEqualTo("alice");
        assertThat(submit.path("tenant").asString()).isEqualTo("team-a");
        assertThat(submit.path("auth").asString()).isEqualTo("api-key");
        assertThat(submit.path("jobId").asString()).isEqualTo(submitted);
        JsonNode cancel = lines.get(1);
        assertThat(cancel.path("event").asString()).isEqualTo("cancel");
        assertThat(cancel.path("outcome").asString()).isEqualTo("refused");
        assertThat(cancel.path("reason").asString()).isEqualTo("job-already-finished");
        assertThat(cancel.path("jobId").asString()).isEqualTo(aliceJob);
        JsonNode unauthenticated = lines.get(2);
        assertThat(unauthenticated.path("event").asString()).isEqualTo("denied");
        assertThat(unauthenticated.path("status").asInt()).isEqualTo(401);
        assertThat(unauthenticated.has("caller")).isFalse();
        assertThat(unauthenticated.path("reason").asString()).isEqualTo("unauthenticated");
        JsonNode forbidden = lines.get(3);
        assertThat(forbidden.path("event").asString()).isEqualTo("submit");
        assertThat(forbidden.path("status").asInt()).isEqualTo(403);
        assertThat(forbidden.path("caller").asString()).isEqualTo("ann");
        assertThat(forbidden.path("reason").asString()).isEqualTo("missing-role:submitter");
        JsonNode otherTenant = lines.get(4);
        assertThat(otherTenant.path("event").asString()).isEqualTo("denied");
        assertThat(otherTenant.path("status").asInt()).isEqualTo(404);
        assertThat(otherTenant.path("caller").asString()).isEqualTo("bob");
        assertThat(otherTenant.path("reason").asString()).isEqualTo("other-tenant");
        assertThat(otherTenant.path("jobId").asString()).isEqualTo(aliceJob);
        JsonNode guardrail = lines.get(5);
        assertThat(guardrail.path("event").asString()).isEqualTo("submit");
        assertThat(guardrail.path("outcome").asString()).isEqualTo("refused");
        assertThat(guardrail.path("status").asInt()).isEqualTo(400);
        assertThat(guardrail.path("reason").asString()).isEqualTo("sql-refused:reflection");
        JsonNode encodedSubmit = lines.get(6);
        assertThat(encodedSubmit.path("event").asString())
                .as("a submit however its path is spelt")
                .isEqualTo("submit");
        assertThat(encodedSubmit.path("outcome").asString()).isEqualTo("accepted");
        assertThat(encodedSubmit.path("jobId").asString()).isEqualTo(encoded).isNotBlank();
    }

    private static List<String> ids(Api.Response page) {
        assertThat(page.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.body().path("items").forEach(i -> ids.add(i.path("id").asString()));
        return ids;
    }
}
