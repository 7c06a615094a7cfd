package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import dev.sparkjobs.spark.DataDirProperties;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The guardrails through the real API on the real session parser (Delta's included): each rule
 * refuses what it must with a 400 naming it, and a close statement that is safe passes and runs.
 * The caller is the unauthenticated admin: the defaults hold for admins too.
 */
class GuardrailsIT extends AbstractIT {

    private static final String TYPE = "urn:spark-job-service:problem:sql-refused";

    @Autowired
    DataDirProperties dirs;

    @Autowired
    TablePolicy tables;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private String table(String name) {
        return "guard_" + name + "_" + suffix;
    }

    private void refused(Api.Response r, String rule, Integer statement) {
        assertThat(r.status()).as("%s", r.raw()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().path("type").asString()).as("%s", r.raw()).isEqualTo(TYPE);
        assertThat(r.body().path("rule").asString()).as("%s", r.raw()).isEqualTo(rule);
        if (statement == null) {
            assertThat(r.body().path("statement").isNull()).as("%s", r.raw()).isTrue();
        } else {
            assertThat(r.body().path("statement").asInt()).as("%s", r.raw()).isEqualTo(statement);
        }
        assertThat(r.body().path("id").isMissingNode()).isTrue();
    }

    private void refusedSql(String sql, String rule) {
        refused(api.submit(sql(sql)), rule, null);
    }

    private JsonNode succeeds(String body) {
        String id = api.submitOk(body);
        // Delta's first OPTIMIZE and VACUUM take a while on a busy two-core machine
        JsonNode job = await().atMost(Duration.ofMinutes(4))
                .until(() -> api.awaitFinal(id), j -> !List.of("QUEUED", "RUNNING")
                        .contains(j.path("state").asString()));
        assertThat(job.path("state").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        return job;
    }

    private JsonNode succeedsSql(String sql) {
        return succeeds(sql(sql));
    }

    @Test
    void theThreeWaysIntoTheDriverAreRefusedAndTheServiceStaysUp() {
        refusedSql("SELECT reflect('java.lang.System', 'exit', 0)", "reflection");
        refusedSql("SELECT * FROM text.`/etc/passwd`", "file-relation");
        refusedSql("SELECT java_method('java.lang.Runtime', 'getRuntime')", "reflection");

        assertThat(succeedsSql("SELECT 1").path("result").path("rows").toString())
                .isEqualTo("[[1]]");
    }

    @Test
    void reflectionIsRefusedWhereverItHides() {
        for (String sql : List.of(
                "SELECT try_reflect('java.lang.System', 'exit', 0)",
                "SELECT REFLECT('java.lang.System', 'exit', 0)",
                "SELECT system.builtin.reflect('java.lang.System', 'exit', 0)",
                "SELECT IDENTIFIER('reflect')('java.lang.System', 'exit', 0)",
                "SELECT IDENTIFIER('system.builtin.java_method')('java.lang.System', 'exit', 0)",
                "SELECT id FROM range(3) WHERE id IN (SELECT reflect('java.lang.System', 'exit', 0))",
                "WITH c AS (SELECT reflect('java.lang.System', 'exit', 0) AS r) SELECT * FROM c",
                "SELECT transform(array(1), x -> reflect('java.lang.System', 'exit', x))",
                "CREATE TEMPORARY VIEW " + table("v") + " AS SELECT reflect('java.lang.System', 'exit', 0)",
                "CREATE TEMPORARY FUNCTION " + table("f") + "() RETURNS STRING RETURN reflect('a', 'b')",
                "EXECUTE IMMEDIATE 'SELECT reflect(''java.lang.System'', ''exit'', 0)'",
                "BEGIN SELECT 1; SELECT reflect('java.lang.System', 'exit', 0); END")) {
            refusedSql(sql, "reflection");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sql", "SELECT IDENTIFIER(:f)('java.lang.System', 'exit', 0)");
        params.put("args", Map.of("f", "reflect"));
        refused(api.submit(Api.json(Map.of("type", "sql", "params", params))), "reflection", null);
    }

    @Test
    void aNameOrStringThatCannotBeCheckedIsRefused() {
        refused(
                api.submit(Api.statementsJob("DECLARE VARIABLE fn STRING DEFAULT 'abs'", "SELECT IDENTIFIER(fn)(-1)")),
                "identifier",
                1);
        refused(
                api.submit(
                        Api.statementsJob("DECLARE VARIABLE stmt STRING DEFAULT 'SELECT 1'", "EXECUTE IMMEDIATE stmt")),
                "execute-immediate",
                1);
        refusedSql("EXECUTE IMMEDIATE 'SELECT ' || '1'", "execute-immediate");

        assertThat(succeedsSql("EXECUTE IMMEDIATE 'SELECT 40 + 2'")
                        .path("result")
                        .path("rows")
                        .toString())
                .isEqualTo("[[42]]");
        assertThat(succeedsSql("SELECT IDENTIFIER('abs')(-3)")
                        .path("result")
                        .path("rows")
                        .toString())
                .isEqualTo("[[3]]");
    }

    @Test
    void filesAreNotQueriedByPath() {
        String warehouse = dirs.warehouse().toString();
        refusedSql("SELECT * FROM csv.`file:///etc/passwd`", "file-relation");
        refusedSql("SELECT * FROM delta.`" + warehouse + "/x`", "file-relation");
        refusedSql("SELECT * FROM parquet.`" + warehouse + "`", "file-relation");
        refusedSql("DESCRIBE HISTORY '" + warehouse + "/x'", "file-relation");
        refusedSql("VACUUM '/tmp/x'", "file-relation");
        refusedSql("OPTIMIZE delta.`/tmp/x`", "file-relation");
        refusedSql("CONVERT TO DELTA parquet.`/tmp/x`", "file-relation");

        assertThat(succeedsSql("SELECT count(*) FROM range(5)")
                        .path("result")
                        .path("rows")
                        .toString())
                .isEqualTo("[[5]]");
    }

    @Test
    void aTableNameOutsideSqlIsNoPathEither() {
        Caller admin = new Caller("admin", "ops", Set.of(Role.ADMIN));
        for (String name : List.of("delta.`/tmp/x`", "parquet.`" + dirs.warehouse() + "`", "s.`a/b`", "csv.`c:x`")) {
            assertThatThrownBy(() -> tables.checkTable(name, admin))
                    .as(name)
                    .isInstanceOfSatisfying(
                            SqlRefusedException.class, e -> assertThat(e.rule()).isEqualTo(SqlRule.FILE_RELATION));
        }
        tables.checkTable("sales.trips", admin);
        tables.checkTable("spark_catalog.sales.trips", admin);
    }

    @Test
    void locationsOutsideTheWarehouseAreRefused() {
        String warehouse = dirs.warehouse().toString();
        String t = table("loc");
        refusedSql("CREATE TABLE " + t + " (a INT) USING delta LOCATION '/tmp/" + t + "'", "location");
        refusedSql("CREATE TABLE " + t + " (a INT) USING delta LOCATION '" + warehouse + "/../" + t + "'", "location");
        refusedSql(
                "CREATE TABLE " + t + " (a INT) USING delta LOCATION '" + warehouse + "-evil/" + t + "'", "location");
        refusedSql("CREATE TABLE " + t + " USING csv OPTIONS (path '/etc/passwd')", "location");
        refusedSql("CREATE DATABASE " + t + " LOCATION '/tmp/" + t + "'", "location");
        refusedSql("ALTER TABLE " + t + " SET LOCATION '/tmp/" + t + "'", "location");
        refusedSql("CREATE TEMPORARY VIEW " + t + " USING csv OPTIONS (path '/etc/passwd')", "path-option");
        refusedSql("INSERT OVERWRITE DIRECTORY '/tmp/" + t + "' USING parquet SELECT 1", "insert-directory");
        refusedSql("INSERT OVERWRITE LOCAL DIRECTORY '/tmp/" + t + "' SELECT 1", "insert-directory");
        refusedSql("LOAD DATA LOCAL INPATH '/etc/passwd' INTO TABLE " + t, "load-data");

        // inside the warehouse a location is fine
        succeeds(Api.statementsJob(
                "CREATE TABLE " + t + " (a INT) USING delta LOCATION 'file://" + warehouse + "/" + t + "_at'",
                "INSERT INTO " + t + " VALUES (1)"));
    }

    @Test
    void formatsAndOptionsThatReachBeyondFilesAreRefused() {
        String t = table("src");
        refusedSql("CREATE TEMPORARY VIEW " + t + " USING jdbc OPTIONS (url 'jdbc:h2:mem:x', dbtable 'x')", "provider");
        refusedSql(
                "CREATE TEMPORARY VIEW " + t + " USING org.apache.spark.sql.jdbc OPTIONS (url 'jdbc:h2:mem:x')",
                "provider");
        refusedSql("CREATE TABLE " + t + " USING delta OPTIONS ('fs.file.impl' 'x.Y') AS SELECT 1 AS a", "option");

        succeedsSql("CREATE TABLE " + t + " USING parquet AS SELECT 1 AS a");
    }

    @Test
    void nothingIsLoadedIntoTheDriver() {
        refusedSql("ADD JAR /tmp/x.jar", "add-resource");
        refusedSql("ADD FILE /etc/passwd", "add-resource");
        refusedSql("ADD ARCHIVE /tmp/x.zip", "add-resource");
        refusedSql("CREATE FUNCTION " + table("f") + " AS 'a.B' USING JAR '/tmp/x.jar'", "add-resource");
        refusedSql("CREATE TEMPORARY FUNCTION " + table("f") + " AS 'java.lang.Object'", "create-function");

        succeedsSql("LIST JAR");
        assertThat(succeeds(Api.statementsJob(
                                "CREATE TEMPORARY FUNCTION twice(x INT) RETURNS INT RETURN x * 2", "SELECT twice(21)"))
                        .path("result")
                        .path("rows")
                        .toString())
                .isEqualTo("[[42]]");
    }

    @Test
    void noShellCommandRunsOnTheDriverHost() {
        // Spark runs a TRANSFORM's script with /bin/bash -c, on the driver's host in local mode
        refusedSql("SELECT TRANSFORM(1) USING 'id; cat /etc/passwd' AS (o STRING)", "script");
        refusedSql("SELECT * FROM (SELECT TRANSFORM(id) USING 'cat' AS (o STRING) FROM range(1))", "script");
        refusedSql("SELECT TRANSFORM(id) USING 'cat' FROM range(2)", "script");
        succeedsSql("SELECT transform(array(1, 2), x -> x + 1)"); // the higher-order function is harmless
    }

    @Test
    void onlySafeSettingsMayBeChanged() {
        for (String set : List.of(
                "SET spark.sql.runSQLOnFiles=true",
                "SET spark.sql.extensions=x.Y",
                "SET spark.sql.warehouse.dir=/tmp",
                "SET spark.databricks.delta.retentionDurationCheck.enabled=false",
                "SET spark.sql.legacy.parameterSubstitution.constantsOnly=false",
                "SET spark.hadoop.fs.file.impl=x.Y")) {
            refusedSql(set, "set-config");
        }
        assertThat(succeeds(Api.statementsJob(
                                "SET spark.sql.shuffle.partitions=4",
                                "RESET",
                                "SET spark.sql.shuffle.partitions=3",
                                "SET spark.sql.shuffle.partitions"))
                        .path("result")
                        .path("rows")
                        .toString())
                .isEqualTo("[[\"spark.sql.shuffle.partitions\",\"3\"]]");
    }

    @Test
    void deltaWorkOnCatalogTablesRuns() {
        String t = table("delta");
        String v = table("view");
        succeeds(Api.statementsJob(
                "CREATE TABLE " + t + " (id BIGINT, v STRING) USING delta",
                "INSERT INTO " + t + " SELECT id, 'a' FROM range(10)",
                "MERGE INTO " + t + " AS t USING (SELECT id, 'b' AS v FROM range(5, 15)) AS s ON t.id = s.id"
                        + " WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT *",
                "OPTIMIZE " + t,
                "VACUUM " + t,
                "CREATE VIEW " + v + " AS SELECT v, count(*) AS n FROM " + t + " GROUP BY v"));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sql", "SELECT n FROM " + v + " WHERE v = :v");
        params.put("args", Map.of("v", "b"));
        assertThat(succeeds(Api.json(Map.of("type", "sql", "params", params)))
                        .path("result")
                        .path("rows")
                        .toString())
                .isEqualTo("[[10]]");
    }

    @Test
    void aStatementThatDoesNotParseIsA400WithTheParsersMessage() {
        Api.Response r = api.submit(sql("SELEC 1"));
        refused(r, "parse-error", null);
        assertThat(r.body().path("detail").asString()).contains("PARSE_SYNTAX_ERROR");
    }

    @Test
    void aRefusalNamesTheStatementAndQueuesNothing() {
        String tag = "guard-" + suffix;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "sql");
        body.put("tags", Map.of("case", tag));
        body.put(
                "params",
                Map.of("statements", List.of("SELECT 1", "SELECT 2", "SELECT * FROM json.`/etc/hosts`", "SELECT 4")));

        Api.Response r = api.submit(Api.json(body));

        refused(r, "file-relation", 2);
        assertThat(r.body().path("detail").asString()).contains("statements[2]");
        JsonNode listed = api.get("/api/v1/jobs?tag=case:" + tag).body();
        assertThat(listed.path("items").size()).as("%s", listed).isZero();
    }

    @Test
    void sparksOwnSwitchesAreSet() {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(spark.conf().get("spark.sql.runSQLOnFiles")).isEqualTo("false");
        softly.assertThat(spark.sparkContext().getConf().get("spark.ui.killEnabled"))
                .isEqualTo("false");
        softly.assertThat(spark.sparkContext().getConf().get("spark.driver.maxResultSize"))
                .isEqualTo("512m");
        String filter = spark.sparkContext().getConf().get("spark.ui.filters");
        softly.assertThatCode(() -> Class.forName(filter)
                        .asSubclass(jakarta.servlet.Filter.class)
                        .getConstructor()
                        .newInstance())
                .doesNotThrowAnyException();
        softly.assertAll();
    }
}
