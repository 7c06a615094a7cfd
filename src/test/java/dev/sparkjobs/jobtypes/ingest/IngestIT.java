package dev.sparkjobs.jobtypes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.jobtypes.ParamBinder;
import dev.sparkjobs.jobtypes.ProgressSink;
import dev.sparkjobs.jobtypes.RunContext;
import dev.sparkjobs.spark.DataDirProperties;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Ingest jobs through the real API into real Delta tables, from files Spark wrote under the data directory. */
class IngestIT extends AbstractIT {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    DataDirProperties dirs;

    @Autowired
    IngestJobType ingest;

    @Autowired
    ParamBinder binder;

    private Path sources;

    @BeforeEach
    void sources() {
        sources = dirs.dataDir().resolve("landing/ingest-src").resolve(suffix).toAbsolutePath();
    }

    static JsonNode succeeds(Api caller, Map<String, Object> params) {
        JsonNode job = finished(caller, params);
        assertThat(job.path("state").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        return job.path("result");
    }

    static JsonNode finished(Api caller, Map<String, Object> params) {
        String id = caller.submitOk(Api.json(Map.of("type", "ingest", "params", params)));
        return await().atMost(Duration.ofMinutes(3))
                .until(() -> caller.awaitFinal(id), j -> !List.of("QUEUED", "RUNNING")
                        .contains(j.path("state").asString()));
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private String table(String name) {
        return "ingest_it." + name + "_" + suffix;
    }

    private long count(String table) {
        return spark.table(table).count();
    }

    /** 100 rows: id 0..99, name n<id>, amount id * 1.5, day d<id % 2>. */
    private String write(String format) {
        String dir = sources.resolve(format).toString();
        var rows = spark.sql("SELECT id, concat('n', id) AS name, CAST(id * 1.5 AS DECIMAL(10,2)) AS amount,"
                + " concat('d', id % 2) AS day FROM range(0, 100)");
        switch (format) {
            case "csv" -> rows.write().option("header", "true").csv(dir);
            case "text" -> rows.selectExpr("name").write().text(dir);
            default -> rows.write().format(format).save(dir);
        }
        return dir;
    }

    @Test
    void loadsEveryFileFormat() {
        for (String format : List.of("csv", "json", "parquet", "orc", "text", "delta")) {
            String dir = write(format);
            Map<String, Object> options = format.equals("csv") ? Map.of("header", "true") : Map.of();
            JsonNode result = succeeds(
                    api,
                    params(
                            "source", params("format", format, "path", dir, "options", options),
                            "target", params("table", table("f_" + format))));
            assertThat(result.path("rowsWritten").asLong()).as(format).isEqualTo(100);
            assertThat(count(table("f_" + format))).as(format).isEqualTo(100);
            assertThat(result.path("deltaVersion").asLong()).isZero();
            assertThat(result.path("filesAdded").asLong()).isPositive();
            assertThat(result.path("bytesAdded").asLong()).isPositive();
            assertThat(result.path("mode").asString()).isEqualTo("append");
            assertThat(result.path("target").asString()).isEqualTo(table("f_" + format));
        }
        // a glob, relative to the data directory, and several paths read as one
        String relative = dirs.dataDir().toAbsolutePath().relativize(sources).toString();
        JsonNode globbed = succeeds(
                api,
                params(
                        "source",
                                params(
                                        "format",
                                        "json",
                                        "paths",
                                        List.of(relative + "/json/*.json", relative + "/json")),
                        "target", params("table", table("glob"))));
        assertThat(globbed.path("rowsWritten").asLong()).isEqualTo(200);
    }

    @Test
    void appliesTheGivenSchemaAndPartitionsByPath() {
        String dir = write("csv");
        String target = dirs.warehouse().resolve("ingest-paths").resolve(suffix).toString();
        JsonNode result = succeeds(
                api,
                params(
                        "source",
                        params(
                                "format",
                                "csv",
                                "path",
                                dir,
                                "options",
                                Map.of("header", "true"),
                                "schema",
                                "id BIGINT, name STRING, amount DECIMAL(10,2), day STRING"),
                        "target",
                        params("path", target),
                        "partitionBy",
                        List.of("day")));
        assertThat(result.path("target").asString()).isEqualTo("delta.`" + target + "`");
        var read = spark.read().format("delta").load(target);
        assertThat(read.schema().simpleString())
                .isEqualTo("struct<id:bigint,name:string,amount:decimal(10,2),day:string>");
        assertThat(read.where("id = 7").select("amount").head().getDecimal(0)).isEqualByComparingTo("10.50");
        Row detail = io.delta.tables.DeltaTable.forPath(spark, target).detail().head();
        assertThat(detail.getList(detail.fieldIndex("partitionColumns"))).containsExactly("day");
    }

    @Test
    void mergesByKeyUpdatingMatchesAndInsertingTheRest() {
        String target = table("m");
        spark.sql("SELECT id, concat('old', id) AS v FROM range(1, 6)")
                .write()
                .parquet(sources.resolve("m1").toString());
        spark.sql("SELECT id, concat('new', id) AS v FROM range(4, 8)")
                .write()
                .parquet(sources.resolve("m2").toString());
        JsonNode first = succeeds(
                api,
                params(
                        "source",
                                params(
                                        "format",
                                        "parquet",
                                        "path",
                                        sources.resolve("m1").toString()),
                        "target", params("table", target),
                        "mode", "merge",
                        "mergeKeys", List.of("id")));
        assertThat(first.path("rowsInserted").asLong()).isEqualTo(5);
        JsonNode second = succeeds(
                api,
                params(
                        "source",
                                params(
                                        "format",
                                        "parquet",
                                        "path",
                                        sources.resolve("m2").toString()),
                        "target", params("table", target),
                        "mode", "merge",
                        "mergeKeys", List.of("id")));
        assertThat(second.path("rowsUpdated").asLong()).isEqualTo(2);
        assertThat(second.path("rowsInserted").asLong()).isEqualTo(2);
        assertThat(second.path("rowsWritten").asLong()).isEqualTo(4);
        assertThat(second.path("deltaVersion").asLong()).isEqualTo(1);
        assertThat(second.path("operation").asString()).isEqualTo("MERGE");
        List<String> rows = spark.table(target).orderBy("id").collectAsList().stream()
                .map(r -> r.getLong(0) + "=" + r.getString(1))
                .toList();
        assertThat(rows).containsExactly("1=old1", "2=old2", "3=old3", "4=new4", "5=new5", "6=new6", "7=new7");
        Row history = spark.sql("DESCRIBE HISTORY " + target)
                .orderBy("version")
                .collectAsList()
                .get(1);
        assertThat(history.getString(history.fieldIndex("userMetadata"))).isNotBlank();
    }

    @Test
    void overwritesOnlyWhatReplaceWhereMatches() {
        String target = table("rw");
        String dir = write("parquet");
        succeeds(
                api,
                params(
                        "source", params("format", "parquet", "path", dir),
                        "target", params("table", target),
                        "partitionBy", List.of("day")));
        spark.sql(
                        "SELECT id + 1000 AS id, 'x' AS name, CAST(0 AS DECIMAL(10,2)) AS amount, 'd1' AS day FROM range(0, 3)")
                .write()
                .parquet(sources.resolve("d1").toString());
        JsonNode result = succeeds(
                api,
                params(
                        "source",
                        params(
                                "format",
                                "parquet",
                                "path",
                                sources.resolve("d1").toString()),
                        "target",
                        params("table", target),
                        "mode",
                        "overwrite",
                        "replaceWhere",
                        "day = 'd1'"));
        assertThat(result.path("rowsWritten").asLong()).isEqualTo(3);
        assertThat(spark.table(target).where("day = 'd0'").count()).isEqualTo(50);
        assertThat(spark.table(target).where("day = 'd1'").count()).isEqualTo(3);
        assertThat(spark.table(target).where("day = 'd1' AND id >= 1000").count())
                .isEqualTo(3);
    }

    @Test
    void aJobThatRunsAgainDoesNotAppendAgain() {
        String target = table("once");
        String dir = write("json");
        IngestParams p = binder.bindValid(
                ingest, params("source", params("format", "json", "path", dir), "target", params("table", target)));
        String jobId = UUID.randomUUID().toString();
        RunContext first = new RunContext(jobId, 1, "ingest", spark.newSession(), () -> false, ProgressSink.NONE);
        Map<String, Object> written = ingest.run(first, p);
        Map<String, Object> again = ingest.run(first, p);
        // a retry of the same job, after its first attempt committed
        RunContext retry = new RunContext(jobId, 2, "ingest", spark.newSession(), () -> false, ProgressSink.NONE);
        Map<String, Object> retried = ingest.run(retry, p);
        assertThat(count(target)).isEqualTo(100);
        assertThat(written).containsEntry("alreadyWritten", false).containsEntry("rowsWritten", 100L);
        assertThat(again)
                .containsEntry("alreadyWritten", true)
                .containsEntry("deltaVersion", written.get("deltaVersion"));
        assertThat(retried).containsEntry("alreadyWritten", true);
        // another job appends
        ingest.run(
                new RunContext(
                        UUID.randomUUID().toString(), 1, "ingest", spark.newSession(), () -> false, ProgressSink.NONE),
                p);
        assertThat(count(target)).isEqualTo(200);
        Row commit =
                spark.sql("DESCRIBE HISTORY " + target).where("version = 0").head();
        assertThat(commit.getString(commit.fieldIndex("userMetadata"))).isEqualTo(jobId);
    }

    @Test
    void theExampleRunsAsItIs() {
        JsonNode types = api.get("/api/v1/job-types").body();
        JsonNode example = null;
        for (JsonNode t : types.path("types").isMissingNode() ? types : types.path("types")) {
            if (t.path("name").asString().equals("ingest")) {
                example = t.path("exampleParams");
            }
        }
        assertThat(example).as("%s", types).isNotNull();
        String id = api.submitOk("{\"type\":\"ingest\",\"params\":" + example + "}");
        JsonNode job = await().atMost(Duration.ofMinutes(3))
                .until(() -> api.awaitFinal(id), j -> !List.of("QUEUED", "RUNNING")
                        .contains(j.path("state").asString()));
        assertThat(job.path("state").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("result").path("rowsWritten").asLong()).isEqualTo(50);
        assertThat(spark.table("samples.trips").count()).isEqualTo(50);
        assertThat(spark.table("samples.trips")
                        .schema()
                        .apply("fare")
                        .dataType()
                        .simpleString())
                .isEqualTo("decimal(8,2)");
    }

    @Test
    void refusesWhatTheCallerMayNotReadOrWrite() {
        Map<String, Object> csv = params("format", "csv", "path", "/etc/hosts");
        Api.Response outside = api.submit(Api.json(
                Map.of("type", "ingest", "params", params("source", csv, "target", params("table", table("x"))))));
        assertInvalid(outside, "params.source.path", "outside");

        Api.Response climbing = api.submit(Api.json(Map.of(
                "type",
                "ingest",
                "params",
                params(
                        "source", params("format", "csv", "paths", List.of("ok", "x/{a/../../../..}/etc/*")),
                        "target", params("table", table("x"))))));
        assertInvalid(climbing, "params.source.paths[1]", "outside");

        Map<String, Object> inside = params("format", "csv", "path", write("csv"));
        Api.Response targetPath = api.submit(Api.json(Map.of(
                "type", "ingest", "params", params("source", inside, "target", params("path", "/tmp/elsewhere")))));
        assertThat(targetPath.status()).as("%s", targetPath.raw()).isEqualTo(400);
        assertThat(targetPath.body().path("rule").asString()).isEqualTo("location");

        Api sam = api.withBearer(TestTokens.token("sam", "team-s", "submitter", "viewer"));
        Api.Response otherSchema = sam.submit(Api.json(
                Map.of("type", "ingest", "params", params("source", inside, "target", params("table", "default.t")))));
        assertThat(otherSchema.status()).as("%s", otherSchema.raw()).isEqualTo(400);
        assertThat(otherSchema.body().path("rule").asString()).isEqualTo("schema");
        assertThat(otherSchema.body().path("detail").asString()).contains("team_s");

        Api.Response unknown = api.submit(Api.json(Map.of(
                "type",
                "ingest",
                "params",
                params(
                        "source",
                        Map.of("jdbc", Map.of("connection", "nope", "table", "t")),
                        "target",
                        params("table", table("x"))))));
        assertInvalid(unknown, "params.source.jdbc.connection", "known connections: it-echo, it-postgres");
        assertThat(unknown.raw()).doesNotContain("it-team-b-only").doesNotContain("127.0.0.1");
    }

    @Test
    void refusesPathsThatEscapeTheRootsAndTheServicesOwnFiles() throws Exception {
        Map<String, Object> target = params("table", table("x"));
        // Hadoop unescapes \.\. into a real ..
        String escaped = "landing/x/\\.\\./\\.\\./\\.\\./\\.\\./\\.\\./\\.\\./\\.\\./\\.\\./etc/passwd";
        assertInvalid(
                api.submit(Api.json(Map.of(
                        "type",
                        "ingest",
                        "params",
                        params("source", params("format", "text", "path", escaped), "target", target)))),
                "params.source.path",
                "outside");
        // the warehouse (every tenant's tables) and the job database are not sources, by name or by path
        spark.sql("CREATE SCHEMA IF NOT EXISTS ingest_it");
        spark.range(3).write().format("delta").saveAsTable(table("secret"));
        String secretDir = dirs.warehouse()
                .resolve("ingest_it.db")
                .resolve(table("secret").substring("ingest_it.".length()))
                .toString();
        for (Map<String, Object> source : List.of(
                params("format", "delta", "path", secretDir),
                params(
                        "format",
                        "delta",
                        "path",
                        "warehouse/ingest_it.db/" + table("secret").substring("ingest_it.".length())),
                params("format", "text", "path", "db/jobservice.mv.db"))) {
            assertInvalid(
                    api.submit(
                            Api.json(Map.of("type", "ingest", "params", params("source", source, "target", target)))),
                    "params.source.path",
                    "outside");
        }
        // a path-style target is no table name
        String csv = write("csv");
        Map<String, Object> inside = params("format", "csv", "path", csv);
        assertInvalid(
                api.submit(Api.json(Map.of(
                        "type",
                        "ingest",
                        "params",
                        params("source", inside, "target", params("table", "delta.`/tmp/evil`"))))),
                "params.target.table",
                "table name");
        // reader options off the list
        assertInvalid(
                api.submit(Api.json(Map.of(
                        "type",
                        "ingest",
                        "params",
                        params(
                                "source",
                                params("format", "csv", "path", csv, "options", Map.of("basePath", "/")),
                                "target",
                                target)))),
                "params.source.options.basePath",
                "allowed: ");
    }

    @Test
    void aGlobThroughALinkOutOfTheRootsFailsTheJob() throws Exception {
        Path outside = java.nio.file.Files.createTempDirectory("ingest-outside");
        java.nio.file.Files.writeString(outside.resolve("s.txt"), "secret-line");
        java.nio.file.Files.createDirectories(sources);
        java.nio.file.Files.createSymbolicLink(sources.resolve("lnk"), outside);
        String relative = dirs.dataDir().toAbsolutePath().relativize(sources).toString();
        JsonNode failed = finished(
                api,
                params(
                        "source", params("format", "text", "path", relative + "/ln*/s.txt"),
                        "target", params("table", table("lnk"))));
        assertThat(failed.path("state").asString()).as("%s", failed).isEqualTo("FAILED");
        assertThat(failed.path("error").path("type").asString()).isEqualTo("SecurityException");
        assertThat(failed.path("error").path("message").asString()).contains("outside the directories");
        assertThat(spark.catalog().tableExists(table("lnk"))).isFalse();
    }

    @Test
    void namesTheFieldsOfBadParams() {
        Api.Response r = api.submit(Api.json(Map.of(
                "type",
                "ingest",
                "params",
                params(
                        "source", params("format", "xml", "path", "a", "schema", "id BIGINT,,"),
                        "target", params("table", "t"),
                        "mergeKeys", List.of("id"),
                        "replaceWhere", "x = 1"))));
        assertThat(r.status()).as("%s", r.raw()).isEqualTo(400);
        List<String> fields = new java.util.ArrayList<>();
        r.body().path("errors").forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields).as("%s", r.raw()).containsExactlyInAnyOrder("params.source.format");
        Api.Response r2 = api.submit(Api.json(Map.of(
                "type",
                "ingest",
                "params",
                params(
                        "source", params("format", "csv", "path", "a", "schema", "id BIGINT,,"),
                        "target", params("table", "t"),
                        "mergeKeys", List.of("id"),
                        "replaceWhere", "x = 1"))));
        List<String> fields2 = new java.util.ArrayList<>();
        r2.body().path("errors").forEach(e -> fields2.add(e.path("field").asString()));
        assertThat(fields2)
                .as("%s", r2.raw())
                .containsExactlyInAnyOrder("params.source.schema", "params.mergeKeys", "params.replaceWhere");
    }

    private static void assertInvalid(Api.Response r, String field, String message) {
        assertThat(r.status()).as("%s", r.raw()).isEqualTo(400);
        JsonNode errors = r.body().path("errors");
        assertThat(errors.toString())
                .as("%s", r.raw())
                .contains("\"" + field + "\"")
                .contains(message);
    }
}
