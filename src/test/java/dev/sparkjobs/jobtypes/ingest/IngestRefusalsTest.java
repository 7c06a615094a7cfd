package dev.sparkjobs.jobtypes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.jobtypes.ParamBinder;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.spark.DataDirProperties;
import dev.sparkjobs.support.TestJobType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an ingest's params may not say: reader options off the list, path-style targets, SQL in JDBC names. */
class IngestRefusalsTest {

    @TempDir
    Path dataDir;

    private final ParamBinder binder = TestJobType.binder();

    private IngestJobType type() {
        var pg = new IngestProperties.Connection("jdbc:postgresql://db/x", "u", "pw", Map.of(), List.of(), null);
        return new IngestJobType(
                new IngestProperties(Map.of("pg", pg), List.of()),
                new DataDirProperties(dataDir),
                (path, caller) -> true,
                (table, caller) -> {});
    }

    private List<ParamError> errors(Map<String, Object> params) {
        return binder.check(type(), params);
    }

    private List<ParamError> options(String format, Map<String, String> options) {
        return errors(Map.of(
                "source",
                Map.of("format", format, "path", "landing/x", "options", options),
                "target",
                Map.of("table", "s.t")));
    }

    private List<ParamError> target(String table) {
        return errors(Map.of("source", Map.of("format", "csv", "path", "landing/x"), "target", Map.of("table", table)));
    }

    private List<ParamError> jdbc(String key, String value) {
        return errors(Map.of(
                "source", Map.of("jdbc", Map.of("connection", "pg", key, value)), "target", Map.of("table", "s.t")));
    }

    @Test
    void readerOptionsAreAnAllowListPerFormat() {
        assertThat(options(
                        "csv",
                        Map.of(
                                "header", "true",
                                "Delimiter", ";",
                                "multiLine", "true",
                                "inferSchema", "true",
                                "timestampFormat", "yyyy")))
                .isEmpty();
        assertThat(options("json", Map.of("multiLine", "true", "mode", "FAILFAST")))
                .isEmpty();
        assertThat(options("text", Map.of("wholetext", "true", "lineSep", ";"))).isEmpty();
        assertThat(options("parquet", Map.of("mergeSchema", "true", "pathGlobFilter", "*.parquet")))
                .isEmpty();
        assertThat(options("delta", Map.of("versionAsOf", "3"))).isEmpty();

        for (String key : List.of(
                "avroSchemaUrl", "basePath", "sourceArchiveDir", "someUri", "keyFile", "fs.file.impl", "weird")) {
            assertThat(options("avro", Map.of(key, "x")))
                    .as(key)
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.field()).isEqualTo("params.source.options." + key);
                        assertThat(e.message()).contains("not a reader option ingest allows for avro");
                        assertThat(e.message()).contains("avroSchema").contains("mode");
                    });
        }
        // an option of one format is not one of another
        assertThat(options("parquet", Map.of("header", "true")))
                .extracting(ParamError::field)
                .containsExactly("params.source.options.header");
        assertThat(options("csv", Map.of("versionAsOf", "1")))
                .extracting(ParamError::field)
                .containsExactly("params.source.options.versionAsOf");
        assertThat(options("csv", Map.of("path", "/etc"))).singleElement().satisfies(e -> assertThat(e.message())
                .contains("give path or paths"));
    }

    @Test
    void aTargetTableIsAPlainNameNeverAPath() {
        for (String ok : List.of("t", "s.t", "spark_catalog.s.t", "SPARK_CATALOG.s.t", "`s`.`my t`", "s.t_1")) {
            assertThat(target(ok)).as(ok).isEmpty();
        }
        for (String bad : List.of(
                "delta.`/tmp/x`",
                "parquet.`/x`",
                "`/tmp/x`",
                "s.`a/b`",
                "s.`a\\b`",
                "s.`c:x`",
                "delta.`file:/tmp/x`",
                "other_catalog.s.t",
                "a.b.c.d",
                "s.t; DROP TABLE x",
                "s..t")) {
            assertThat(target(bad)).as(bad).extracting(ParamError::field).containsExactly("params.target.table");
        }
    }

    @Test
    void aJdbcTableIsANameAndAQueryOneSelect() {
        for (String ok : List.of("trips", "public.trips", "\"Public\".\"My Trips\"", "db.dbo.[trips]", "`s`.`t`")) {
            assertThat(jdbc("table", ok)).as(ok).isEmpty();
        }
        for (String bad : List.of(
                "public.trips WHERE 1=0; DELETE FROM public.trips; --",
                "t;",
                "(SELECT 1) x",
                "t --",
                "t /* c */",
                "\"a\"\"; DROP\"",
                "a.b.c.d")) {
            assertThat(jdbc("table", bad))
                    .as(bad)
                    .extracting(ParamError::field)
                    .containsExactly("params.source.jdbc.table");
        }
        for (String ok : List.of(
                "SELECT id FROM t WHERE id <= 1000",
                "  select * from t",
                "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
                "SELECT 'it''s' AS s")) {
            assertThat(jdbc("query", ok)).as(ok).isEmpty();
        }
        for (String bad : List.of(
                "SELECT 1 AS a) x; DROP TABLE public.t; SELECT * FROM (SELECT 1 AS a",
                "SELECT 1; SELECT 2",
                "SELECT 1 -- comment",
                "SELECT /* c */ 1",
                "SELECT 'a\\'; DROP TABLE t; --'",
                "SELECT $$'$$; DROP TABLE t; SELECT '$$'",
                "DELETE FROM t RETURNING *",
                "selected",
                "VALUES (1)")) {
            assertThat(jdbc("query", bad))
                    .as(bad)
                    .extracting(ParamError::field)
                    .containsExactly("params.source.jdbc.query");
        }
    }

    @Test
    void aConnectionReadsReadOnlyUnlessTurnedOff() {
        var pg = new IngestProperties.Connection("jdbc:postgresql://db/x", "u", null, Map.of(), List.of(), null);
        JdbcSource source = new JdbcSource("pg", "t", null, null, null, null, null, null);
        assertThat(SourceReader.jdbcOptions(pg, source))
                .containsEntry("readOnly", "true")
                .containsEntry("readOnlyMode", "always")
                .containsEntry("dbtable", "t");
        var own = new IngestProperties.Connection(
                "jdbc:postgresql://db/x", "u", null, Map.of("readOnlyMode", "transaction"), List.of(), true);
        assertThat(SourceReader.jdbcOptions(own, source)).containsEntry("readOnlyMode", "transaction");
        var other = new IngestProperties.Connection("jdbc:mysql://db/x", "u", null, Map.of(), List.of(), true);
        assertThat(SourceReader.jdbcOptions(other, source))
                .containsEntry("readOnly", "true")
                .doesNotContainKey("readOnlyMode");
        var writable = new IngestProperties.Connection("jdbc:postgresql://db/x", "u", null, Map.of(), List.of(), false);
        assertThat(SourceReader.jdbcOptions(writable, source))
                .doesNotContainKey("readOnly")
                .doesNotContainKey("readOnlyMode");
    }

    @Test
    void credentialsInAConnectionsUrlAreSecrets() {
        var mysql = new IngestProperties.Connection(
                "jdbc:mysql://db/x?user=u&password=my-s3cr3t&ssl=true", "u", null, Map.of(), List.of(), null);
        assertThat(mysql.secrets()).contains("my-s3cr3t").doesNotContain("true", "u");
        var sqlServer = new IngestProperties.Connection(
                "jdbc:sqlserver://h:1433;databaseName=d;Password=ms-pw;encrypt=true",
                null,
                null,
                Map.of(),
                List.of(),
                null);
        assertThat(sqlServer.secrets()).contains("ms-pw").doesNotContain("d", "true");
        var userInfo = new IngestProperties.Connection(
                "jdbc:postgresql://reader:pg%40pw@h/db", null, null, Map.of(), List.of(), null);
        assertThat(userInfo.secrets()).contains("pg%40pw", "pg@pw");
        var oracle = new IngestProperties.Connection(
                "jdbc:oracle:thin:scott/tiger-pw@//h:1521/svc", null, null, Map.of(), List.of(), null);
        assertThat(oracle.secrets()).contains("tiger-pw");

        Redaction redaction = new Redaction(mysql.secrets());
        assertThat(redaction.redact("cannot connect to jdbc:mysql://db/x?user=u&password=my-s3cr3t&ssl=true"))
                .doesNotContain("my-s3cr3t")
                .contains("password=***");
    }
}
