package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.spark.DataDirProperties;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A tenant with a schema allow-list (team-s: {@code team_s}, application-it.yml) through the real
 * API: what it names in its own schema runs, whatever names another schema is refused before it is
 * queued, its admin and other tenants are not held to the list.
 */
class SchemaAllowListIT extends AbstractIT {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String t = "team_s.t_" + suffix;
    private final String x = "team_s.x_" + suffix;
    private final String other = "other_" + suffix;

    @Autowired
    DataDirProperties dirs;

    private Api sam;

    @BeforeEach
    void tables() {
        sam = api.withBearer(TestTokens.token("sam", "team-s", "submitter", "viewer"));
        succeeds(
                api,
                Api.statementsJob(
                        "CREATE SCHEMA IF NOT EXISTS team_s",
                        "CREATE TABLE " + t + " USING delta AS SELECT 1 AS a",
                        "CREATE TABLE default." + other + " USING delta AS SELECT 7 AS a"));
    }

    private static JsonNode succeeds(Api caller, String body) {
        String id = caller.submitOk(body);
        JsonNode job = await().atMost(Duration.ofMinutes(3))
                .until(() -> caller.awaitFinal(id), j -> !List.of("QUEUED", "RUNNING")
                        .contains(j.path("state").asString()));
        assertThat(job.path("state").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        return job;
    }

    private static String rows(JsonNode job) {
        return job.path("result").path("rows").toString();
    }

    private void refused(String body, Integer statement, String names) {
        Api.Response r = sam.submit(body);
        assertThat(r.status()).as("%s", r.raw()).isEqualTo(400);
        assertThat(r.body().path("type").asString()).isEqualTo("urn:spark-job-service:problem:sql-refused");
        assertThat(r.body().path("rule").asString()).as("%s", r.raw()).isEqualTo("schema");
        assertThat(r.body().path("detail").asString())
                .as("%s", r.raw())
                .contains(names)
                .contains("tenant team-s may use only the schemas [team_s]");
        if (statement == null) {
            assertThat(r.body().path("statement").isNull()).isTrue();
        } else {
            assertThat(r.body().path("statement").asInt()).isEqualTo(statement);
        }
    }

    @Test
    void theTenantWorksInItsOwnSchema() {
        assertThat(rows(succeeds(sam, sql("SELECT * FROM " + t)))).isEqualTo("[[1]]");

        JsonNode merged = succeeds(
                sam,
                Api.statementsJob(
                        "CREATE TABLE " + x + " USING delta AS SELECT 1 AS a",
                        "MERGE INTO " + x + " AS x USING " + t + " AS t ON x.a = t.a"
                                + " WHEN MATCHED THEN UPDATE SET a = t.a + 1",
                        "SELECT a FROM " + x));
        assertThat(rows(merged)).isEqualTo("[[2]]");

        assertThat(rows(succeeds(sam, sql("WITH c AS (SELECT 1) SELECT * FROM c"))))
                .isEqualTo("[[1]]");
        JsonNode viaView = succeeds(
                sam, Api.statementsJob("CREATE TEMPORARY VIEW v AS SELECT a + 1 AS b FROM " + t, "SELECT b FROM v"));
        assertThat(rows(viaView)).isEqualTo("[[2]]");
    }

    @Test
    void whatIsOutsideTheTenantsSchemaIsRefusedBeforeItIsQueued() {
        String qualified = "default." + other;
        refused(sql("SELECT * FROM " + qualified), null, qualified);
        refused(sql("SELECT * FROM " + other), null, other + " (unqualified: in the current schema default)");
        refused(sql("DROP TABLE " + qualified), null, qualified);
        refused(
                Api.statementsJob(
                        "CREATE TABLE " + x + " USING delta AS SELECT 1 AS a",
                        "MERGE INTO " + x + " AS x USING " + qualified + " AS o ON x.a = o.a"
                                + " WHEN MATCHED THEN DELETE"),
                1,
                qualified);
        refused(sql("SELECT * FROM " + t + " WHERE a IN (SELECT a FROM " + qualified + ")"), null, qualified);
        refused(sql("WITH c AS (SELECT * FROM " + qualified + ") SELECT * FROM c"), null, qualified);
        refused(sql("CREATE VIEW team_s.v_" + suffix + " AS SELECT * FROM " + qualified), null, qualified);
        refused(
                Api.statementsJob("CREATE TEMPORARY VIEW v AS SELECT * FROM " + qualified, "SELECT * FROM v"),
                0,
                qualified);
        refused(sql("USE default"), null, "USE and SET CATALOG/SCHEMA are not allowed");
        refused(sql("SHOW TABLES IN default"), null, "the schema default");
        refused(sql("OPTIMIZE " + qualified), null, qualified);
        refused(sql("SELECT * FROM spark_catalog.default." + other), null, "spark_catalog.default." + other);

        // a table of its own over another schema's files: the warehouse is narrowed to team_s.db
        Api.Response location = sam.submit(sql("CREATE TABLE team_s.y_" + suffix + " USING delta LOCATION '"
                + dirs.warehouse().resolve(other) + "'"));
        assertThat(location.status()).as("%s", location.raw()).isEqualTo(400);
        assertThat(location.body().path("rule").asString())
                .as("%s", location.raw())
                .isEqualTo("location");

        // nothing ran: the table is still there, with its row
        assertThat(rows(succeeds(api, sql("SELECT a FROM " + qualified)))).isEqualTo("[[7]]");
        assertThat(rows(succeeds(api, sql("SHOW TABLES IN team_s LIKE 'x_" + suffix + "'"))))
                .isEqualTo("[]");
    }

    @Test
    void anAdminOfTheTenantAndOtherTenantsAreNotRestricted() {
        Api sue = api.withBearer(TestTokens.token("sue", "team-s", "admin"));
        assertThat(rows(succeeds(sue, sql("SELECT a FROM default." + other)))).isEqualTo("[[7]]");
        assertThat(rows(succeeds(api, sql("SELECT a FROM " + other)))).isEqualTo("[[7]]");

        Api alice = api.withApiKey(ALICE_KEY);
        assertThat(rows(succeeds(alice, Api.statementsJob("USE default", "SELECT a FROM " + other))))
                .isEqualTo("[[7]]");
        assertThat(rows(succeeds(alice, sql("SELECT a FROM " + t)))).isEqualTo("[[1]]");
    }
}
