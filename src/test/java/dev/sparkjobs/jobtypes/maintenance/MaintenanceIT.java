package dev.sparkjobs.jobtypes.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MaintenanceIT extends AbstractIT {

    private String schema;

    @BeforeEach
    void schema() {
        schema = "maint_" + UUID.randomUUID().toString().substring(0, 8);
        spark.sql("CREATE SCHEMA " + schema).collectAsList();
    }

    /** A Delta table written as {@code files} small files in one go. */
    private String smallFiles(String name, int files) {
        String table = schema + "." + name;
        spark.sql("CREATE TABLE " + table + " USING delta AS SELECT id, id % 7 AS k FROM range(0, " + (files * 50)
                        + ", 1, " + files + ")")
                .collectAsList();
        assertThat(numFiles(table)).isEqualTo(files);
        return table;
    }

    private long numFiles(String table) {
        return spark.sql("DESCRIBE DETAIL " + table).collectAsList().get(0).<Long>getAs("numFiles");
    }

    private long parquetFilesOnDisk(String table) throws IOException {
        Row detail = spark.sql("DESCRIBE DETAIL " + table).collectAsList().get(0);
        Path dir = Path.of(URI.create(detail.<String>getAs("location")));
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.toString().contains("_delta_log"))
                    .count();
        }
    }

    private static String job(Map<String, Object> params) {
        return Api.json(Map.of("type", "maintenance", "params", params));
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private JsonNode run(Map<String, Object> params) {
        String id = api.submitOk(job(params));
        return await().atMost(Duration.ofMinutes(3)).until(() -> api.awaitFinal(id), j -> !List.of("QUEUED", "RUNNING")
                .contains(j.path("state").asString()));
    }

    private static List<JsonNode> entries(JsonNode job) {
        List<JsonNode> list = new ArrayList<>();
        job.path("result").path("results").forEach(list::add);
        return list;
    }

    @Test
    void optimizeCompactsVacuumDeletesTheReplacedFilesAndAnalyzeComputesStatistics() throws IOException {
        String a = smallFiles("a", 6);
        String b = smallFiles("b", 5);
        String parquet = schema + ".p";
        spark.sql("CREATE TABLE " + parquet + " USING parquet AS SELECT id, id % 7 AS k FROM range(0, 70)")
                .collectAsList();

        JsonNode job = run(params(
                "tables",
                List.of(a, b, parquet),
                "operations",
                List.of(
                        Map.of("type", "OPTIMIZE", "zorderBy", List.of("k")),
                        Map.of("type", "VACUUM", "retentionHours", 0),
                        Map.of("type", "ANALYZE", "columns", List.of("id", "k"))),
                "concurrency",
                2));

        assertThat(job.path("state").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        List<JsonNode> entries = entries(job);
        assertThat(entries)
                .extracting(e ->
                        e.path("table").asString() + " " + e.path("operation").asString() + " "
                                + e.path("status").asString())
                .containsExactly(
                        a + " OPTIMIZE SUCCEEDED",
                        a + " VACUUM SUCCEEDED",
                        a + " ANALYZE SKIPPED",
                        b + " OPTIMIZE SUCCEEDED",
                        b + " VACUUM SUCCEEDED",
                        b + " ANALYZE SKIPPED",
                        parquet + " OPTIMIZE SKIPPED",
                        parquet + " VACUUM SKIPPED",
                        parquet + " ANALYZE SUCCEEDED");
        assertThat(entries)
                .allSatisfy(e -> assertThat(e.path("durationMs").asLong()).isNotNegative());
        assertThat(entries.get(2).path("error").asString()).contains("NOT_SUPPORTED_COMMAND_FOR_V2_TABLE");
        assertThat(entries.get(6).path("error").asString()).isEqualTo("not a Delta table");
        JsonNode optimizeA = entries.get(0);
        assertThat(optimizeA.has("error")).isFalse();
        assertThat(optimizeA.path("filesRemoved").asLong()).isEqualTo(6);
        assertThat(optimizeA.path("filesAdded").asLong()).isEqualTo(1);
        assertThat(optimizeA.path("bytesRemoved").asLong()).isPositive();
        assertThat(optimizeA.path("bytesAdded").asLong()).isPositive();
        assertThat(entries.get(3).path("filesRemoved").asLong()).isEqualTo(5);
        assertThat(numFiles(a)).isEqualTo(1);
        assertThat(numFiles(b)).isEqualTo(1);

        JsonNode vacuumA = entries.get(1);
        assertThat(vacuumA.path("filesRemoved").asLong()).isEqualTo(6);
        assertThat(vacuumA.path("bytesRemoved").asLong())
                .isEqualTo(optimizeA.path("bytesRemoved").asLong());
        assertThat(parquetFilesOnDisk(a)).isEqualTo(1);
        assertThat(parquetFilesOnDisk(b)).isEqualTo(1);

        assertThat(spark.sql("DESCRIBE TABLE EXTENDED " + parquet + " k")
                        .collectAsList()
                        .toString())
                .as("column statistics of k")
                .contains("[distinct_count,7]");
        assertThat(job.path("result").path("succeeded").asLong()).isEqualTo(5);
        assertThat(job.path("result").path("skipped").asLong()).isEqualTo(4);
    }

    @Test
    void aMissingTableFailsTheJobAfterTheOtherTablesWereDone() {
        String a = smallFiles("a", 3);
        String b = smallFiles("b", 3);
        String missing = schema + ".missing";

        JsonNode job = run(params(
                "tables",
                List.of(a, missing, b),
                "operations",
                List.of(Map.of("type", "OPTIMIZE"), Map.of("type", "ANALYZE"))));

        assertThat(job.path("state").asString()).as("%s", job).isEqualTo("FAILED");
        assertThat(job.path("error").path("type").asString()).isEqualTo("MaintenanceFailedException");
        assertThat(job.path("error").path("message").asString())
                .startsWith("1 of 6 operations failed, on 1 table; 2 succeeded:")
                .contains(missing + " OPTIMIZE FAILED")
                .contains("TABLE_OR_VIEW_NOT_FOUND")
                .doesNotContain(a + " OPTIMIZE");
        // the failure hides none of the other tables' results
        JsonNode result = job.path("result");
        assertThat(result.path("succeeded").asLong()).isEqualTo(2);
        assertThat(result.path("failed").asLong()).isEqualTo(1);
        assertThat(result.path("results").size()).isEqualTo(6);
        assertThat(result.path("results").findValuesAsString("status")).containsOnly("SUCCEEDED", "FAILED", "SKIPPED");
        assertThat(numFiles(a)).isEqualTo(1);
        assertThat(numFiles(b)).isEqualTo(1);
    }

    @Test
    void aPatternFindsTheSchemasTablesAndWorksOnSeveralAtOnce() {
        List<String> tables = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            tables.add(smallFiles("fact_" + i, 4));
        }
        smallFiles("dim", 2);
        spark.sql("CREATE VIEW " + schema + ".fact_view AS SELECT * FROM " + tables.get(0))
                .collectAsList();
        spark.sql("CREATE TABLE " + schema + ".fact_parquet USING parquet AS SELECT 1 AS id")
                .collectAsList();

        JsonNode job = run(params(
                "pattern", schema + ".fact_*", "operations", List.of(Map.of("type", "OPTIMIZE")), "concurrency", 2));

        assertThat(job.path("state").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        List<String> expected = new ArrayList<>(tables);
        expected.add(schema + ".fact_parquet");
        expected.sort(null);
        assertThat(job.path("result").path("tables").valueStream().map(JsonNode::asString))
                .containsExactlyElementsOf(expected);
        assertThat(job.path("result").path("concurrency").asInt()).isEqualTo(2);
        List<JsonNode> entries = entries(job);
        assertThat(entries)
                .filteredOn(e -> e.path("table").asString().equals(schema + ".fact_parquet"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.path("status").asString()).isEqualTo("SKIPPED");
                    assertThat(e.path("error").asString()).isEqualTo("not a Delta table");
                });
        tables.forEach(t -> assertThat(numFiles(t)).isEqualTo(1));

        List<Instant[]> spans = entries.stream()
                .filter(e -> e.path("status").asString().equals("SUCCEEDED"))
                .map(e -> new Instant[] {
                    Instant.parse(e.path("startedAt").asString()),
                    Instant.parse(e.path("endedAt").asString())
                })
                .toList();
        int overlapping = 0;
        int most = 0;
        for (Instant[] s : spans) {
            long atStart = spans.stream()
                    .filter(o -> !o[0].isAfter(s[0]) && o[1].isAfter(s[0]))
                    .count();
            most = Math.max(most, (int) atStart);
            overlapping += spans.stream().anyMatch(o -> o != s && o[0].isBefore(s[1]) && s[0].isBefore(o[1])) ? 1 : 0;
        }
        assertThat(overlapping).as("tables worked on at the same time").isGreaterThanOrEqualTo(2);
        assertThat(most).as("never more than the concurrency").isLessThanOrEqualTo(2);
    }

    @Test
    void aPatternMatchingNothingSucceedsWithANote() {
        JsonNode job = run(params("pattern", schema + ".nothing_*", "operations", List.of(Map.of("type", "VACUUM"))));

        assertThat(job.path("state").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("result").path("tables").size()).isZero();
        assertThat(job.path("result").path("results").size()).isZero();
        assertThat(job.path("result").path("note").asString()).contains("matches no table");

        JsonNode noSchema =
                run(params("pattern", "no_such_schema_m.*", "operations", List.of(Map.of("type", "VACUUM"))));
        assertThat(noSchema.path("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void cancelStopsTheWorkersSparkWork() {
        List<String> tables = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            tables.add(smallFiles("t" + i, 3));
        }
        String id = api.submitOk(job(params(
                "tables",
                tables,
                "operations",
                List.of(Map.of("type", "OPTIMIZE"), Map.of("type", "ANALYZE", "columns", List.of("id", "k"))),
                "concurrency",
                1)));
        // Spark jobs in the job's group come only from the workers, which carry the group
        awaitSparkJobRunning(id);

        assertThat(api.cancel(id).status()).isEqualTo(202);
        awaitState(id, "CANCELLED");
        assertThat(tables.stream().filter(t -> numFiles(t) > 1).count())
                .as("tables left untouched")
                .isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("maintenance-" + id)));
    }

    @Test
    void badParamsAreRefusedNamingTheField() {
        record Case(Map<String, Object> params, String field) {}
        List<Case> cases = List.of(
                new Case(
                        params("tables", List.of("a.b"), "operations", List.of(Map.of("type", "REINDEX"))),
                        "params.operations[0].type"),
                new Case(
                        params(
                                "tables",
                                List.of("a.b"),
                                "operations",
                                List.of(Map.of("type", "OPTIMIZE", "retentionHours", 1))),
                        "params.operations[0].retentionHours"),
                new Case(
                        params(
                                "tables",
                                List.of("a.b"),
                                "operations",
                                List.of(Map.of("type", "OPTIMIZE", "where", "d IN (SELECT d FROM x.y)"))),
                        "params.operations[0].where"),
                new Case(
                        params(
                                "tables",
                                List.of("a.b"),
                                "operations",
                                List.of(Map.of("type", "VACUUM")),
                                "concurrency",
                                0),
                        "params.concurrency"),
                new Case(
                        params(
                                "tables",
                                List.of("a.b"),
                                "pattern",
                                "a.*",
                                "operations",
                                List.of(Map.of("type", "VACUUM"))),
                        "params.pattern"));
        for (Case c : cases) {
            Api.Response r = api.submit(job(c.params()));
            assertThat(r.status()).as("%s", r.raw()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body().path("errors").valueStream().map(e -> e.path("field")
                            .asString()))
                    .as("%s", r.raw())
                    .containsExactly(c.field());
        }
    }

    @Test
    void aTenantMayMaintainOnlyTablesOfItsSchemas() {
        Api sam = api.withBearer(TestTokens.token("sam", "team-s", "submitter", "viewer"));
        for (Map<String, Object> params : List.<Map<String, Object>>of(
                params(
                        "tables",
                        List.of("team_s.mine", schema + ".theirs"),
                        "operations",
                        List.of(Map.of("type", "OPTIMIZE"))),
                params("tables", List.of("unqualified"), "operations", List.of(Map.of("type", "OPTIMIZE"))),
                params("pattern", schema + ".*", "operations", List.of(Map.of("type", "OPTIMIZE"))))) {
            Api.Response r = sam.submit(job(params));
            assertThat(r.status()).as("%s", r.raw()).isEqualTo(400);
            assertThat(r.body().path("rule").asString()).as("%s", r.raw()).isEqualTo("schema");
            assertThat(r.body().path("detail").asString()).contains("tenant team-s may use only the schemas [team_s]");
        }
        Api.Response reflect = sam.submit(job(params(
                "tables",
                List.of("team_s.mine"),
                "operations",
                List.of(Map.of("type", "OPTIMIZE", "where", "reflect('java.lang.System', 'exit', '1') = 'x'")))));
        assertThat(reflect.status()).as("%s", reflect.raw()).isEqualTo(400);
        assertThat(reflect.body().path("rule").asString()).isEqualTo("reflection");
        assertThat(sam.submit(job(params("pattern", "team_s.*", "operations", List.of(Map.of("type", "OPTIMIZE")))))
                        .status())
                .isEqualTo(202);
    }

    @Test
    void theExampleRunsAsIs() {
        JsonNode types = api.get("/api/v1/job-types").body();
        JsonNode example = null;
        for (JsonNode t : types) {
            if (t.path("name").asString().equals("maintenance")) {
                example = t.path("exampleParams");
            }
        }
        assertThat(example).as("%s", types).isNotNull();
        String id = api.submitOk("{\"type\":\"maintenance\",\"params\":" + example + "}");
        assertThat(api.awaitFinal(id).path("state").asString()).isEqualTo("SUCCEEDED");
    }
}
