package dev.sparkjobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A tenant's caps and pools, for a tenant that exists only in its callers' tokens (application-it.yml). */
class TenantQuotaIT extends AbstractIT {

    @Test
    void aTenantAtItsCapsWaitsAndIsRefusedWhileAnotherTenantRuns() {
        Api quinn = api.withBearer(TestTokens.token("quinn", "team-q", "submitter", "viewer"));
        // one partition: it holds one of the two cores, so the other tenant's job has the second
        String running = quinn.submitOk(sql("SELECT sum(id % 1000) FROM range(0, 50000000000, 1, 1)"));
        try {
            awaitState(running, "RUNNING");
            assertThat(quinn.job(running).path("pool").asString())
                    .as("the tenant's first pool")
                    .isEqualTo("etl");

            String waiting = quinn.submitOk(sql("SELECT 1"));
            Api.Response refused = quinn.submit(sql("SELECT 2"));
            String other = api.withApiKey(ALICE_KEY).submitOk(sql("SELECT 3"));

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.body().path("tenant").asString()).isEqualTo("team-q");
            assertThat(refused.body().path("limit").asInt()).isEqualTo(1);
            assertThat(refused.body().path("detail").asString())
                    .contains("team-q")
                    .contains("max-queued 1");
            await().atMost(Duration.ofSeconds(60)).until(() -> api.state(other).equals("SUCCEEDED"));
            assertThat(api.state(waiting))
                    .as("its tenant runs one job at a time")
                    .isEqualTo("QUEUED");

            JsonNode own = quinn.get("/api/v1/admission").body();
            assertThat(own.path("tenants")).hasSize(1);
            assertThat(own.path("tenants").get(0).path("name").asString()).isEqualTo("team-q");
            assertThat(own.path("tenants").get(0).path("running").asInt()).isEqualTo(1);
            assertThat(own.path("tenants").get(0).path("queued").asInt()).isEqualTo(1);
            JsonNode all = api.get("/api/v1/admission").body();
            assertThat(all.path("tenants").findValuesAsString("name")).contains("team-q");

            Api.Response wrongPool = quinn.submit(
                    Api.json(Map.of("type", "sql", "pool", "default", "params", Map.of("sql", "SELECT 1"))));
            assertThat(wrongPool.status()).isEqualTo(400);
            assertThat(wrongPool.body().path("errors").get(0).path("field").asString())
                    .isEqualTo("pool");
            quinn.cancel(running);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.state(waiting).equals("SUCCEEDED"));
        } finally {
            quinn.cancel(running);
        }
    }
}
