package dev.sparkjobs.jobtypes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.guardrails.SqlRefusedException;
import dev.sparkjobs.guardrails.SqlRule;
import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.jobtypes.InvalidParamsException;
import dev.sparkjobs.jobtypes.ParamBinder;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.jobtypes.ParamSchemas;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import dev.sparkjobs.spark.DataDirProperties;
import dev.sparkjobs.support.TestJobType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class IngestParamsTest {

    @TempDir
    Path dataDir;

    private final ParamBinder binder = TestJobType.binder();
    private final Caller alice = new Caller("alice", "team-a", Set.of(Role.SUBMITTER));

    private IngestJobType type() {
        var pg = new IngestProperties.Connection("jdbc:postgresql://db/x", "u", "pw", Map.of(), List.of(), null);
        var bOnly =
                new IngestProperties.Connection("jdbc:postgresql://db/y", "u", "pw", Map.of(), List.of("team-b"), null);
        return new IngestJobType(
                new IngestProperties(Map.of("pg", pg, "b-only", bOnly), List.of()),
                new DataDirProperties(dataDir),
                (path, caller) -> path.startsWith("/warehouse/"),
                (table, caller) -> {
                    if (!table.startsWith("team_a.")) {
                        throw new SqlRefusedException(SqlRule.SCHEMA, null, "refused: " + table);
                    }
                });
    }

    private List<String> fields(Map<String, Object> params) {
        return binder.check(type(), params).stream().map(ParamError::field).toList();
    }

    private static Map<String, Object> files(Map<String, Object> source) {
        return Map.of("source", source, "target", Map.of("table", "team_a.t"));
    }

    private static Map<String, Object> jdbc(Map<String, Object> jdbc) {
        return Map.of("source", Map.of("jdbc", jdbc), "target", Map.of("table", "team_a.t"));
    }

    @Test
    void theExampleIsValid() {
        assertThat(binder.check(type(), binder.toParams(type().exampleParams())))
                .isEmpty();
        assertThat(binder.toParams(type().exampleParams()))
                .containsEntry("mode", "overwrite")
                .containsEntry("target", Map.of("table", "samples.trips"));
    }

    @Test
    void acceptsFilesAndJdbcSources() {
        assertThat(fields(files(Map.of("format", "csv", "path", "landing/in/a.csv"))))
                .isEmpty();
        assertThat(fields(files(Map.of("format", "parquet", "paths", List.of("a", "landing/b/*.parquet")))))
                .isEmpty();
        assertThat(fields(jdbc(Map.of(
                        "connection",
                        "pg",
                        "table",
                        "public.t",
                        "partitionColumn",
                        "id",
                        "lowerBound",
                        0,
                        "upperBound",
                        100,
                        "numPartitions",
                        4,
                        "fetchSize",
                        1000))))
                .isEmpty();
        IngestParams p = binder.bindValid(type(), files(Map.of("format", "json", "path", "x")));
        assertThat(p.writeMode()).isEqualTo(WriteMode.append);
        assertThat(type().writes(p)).containsExactly(new TableWrite("team_a.t", TableWrite.Kind.APPEND));
    }

    @Test
    void namesEveryBadField() {
        assertThat(fields(Map.of())).containsExactlyInAnyOrder("params.source", "params.target");
        assertThat(fields(files(Map.of("format", "xls", "path", "a")))).containsExactly("params.source.format");
        assertThat(fields(files(Map.of("path", "a")))).containsExactly("params.source.format");
        assertThat(fields(files(Map.of("format", "csv")))).containsExactly("params.source.path");
        assertThat(fields(files(Map.of("format", "csv", "path", "a", "paths", List.of("b")))))
                .containsExactly("params.source.paths");
        assertThat(fields(files(Map.of("format", "csv", "path", "a", "schema", "id BIGINT,, x"))))
                .containsExactly("params.source.schema");
        assertThat(fields(files(Map.of("format", "csv", "path", "a", "options", Map.of("path", "/etc")))))
                .containsExactly("params.source.options.path");
        assertThat(fields(files(Map.of("format", "csv", "path", "a", "options", Map.of("fs.file.impl", "x")))))
                .containsExactly("params.source.options.fs.file.impl");
        assertThat(fields(Map.of(
                        "source", Map.of("format", "csv", "path", "a"),
                        "target", Map.of("table", "t", "path", "/p"))))
                .containsExactly("params.target.path");
        assertThat(fields(jdbc(Map.of("connection", "pg")))).containsExactly("params.source.jdbc.table");
        assertThat(fields(jdbc(Map.of("connection", "pg", "table", "t", "numPartitions", 4))))
                .containsExactly("params.source.jdbc.partitionColumn");
        assertThat(fields(jdbc(Map.of(
                        "connection",
                        "pg",
                        "table",
                        "t",
                        "partitionColumn",
                        "id",
                        "lowerBound",
                        5,
                        "upperBound",
                        5,
                        "numPartitions",
                        1001))))
                .containsExactlyInAnyOrder("params.source.jdbc.numPartitions", "params.source.jdbc.upperBound");
        assertThat(fields(Map.of(
                        "source",
                        Map.of("format", "csv", "jdbc", Map.of("connection", "pg", "table", "t")),
                        "target",
                        Map.of("table", "t"))))
                .containsExactly("params.source.format");
    }

    @Test
    void mergeKeysOnlyForMergeAndReplaceWhereOnlyForOverwrite() {
        Map<String, Object> source = Map.of("format", "csv", "path", "a");
        Map<String, Object> target = Map.of("table", "team_a.t");
        assertThat(fields(Map.of("source", source, "target", target, "mode", "merge")))
                .containsExactly("params.mergeKeys");
        assertThat(fields(Map.of("source", source, "target", target, "mergeKeys", List.of("id"))))
                .containsExactly("params.mergeKeys");
        assertThat(fields(Map.of("source", source, "target", target, "mode", "merge", "replaceWhere", "a = 1")))
                .containsExactlyInAnyOrder("params.mergeKeys", "params.replaceWhere");
        assertThat(fields(Map.of("source", source, "target", target, "mode", "overwrite", "replaceWhere", "a = 1")))
                .isEmpty();
        assertThat(fields(Map.of("source", source, "target", target, "mode", "MERGE")))
                .containsExactly("params.mode");
        IngestParams merge = binder.bindValid(
                type(),
                Map.of(
                        "source",
                        source,
                        "target",
                        Map.of("path", "/w/t"),
                        "mode",
                        "merge",
                        "mergeKeys",
                        List.of("id")));
        assertThat(type().writes(merge)).containsExactly(new TableWrite("delta.`/w/t`", TableWrite.Kind.MERGE));
    }

    @Test
    void refusesSourcesOutsideTheRootsAndUnknownConnectionsByField() {
        assertThat(policyErrors(files(Map.of(
                        "format",
                        "csv",
                        "path",
                        dataDir.resolve("landing/in/a.csv").toString()))))
                .isEmpty();
        assertThat(policyErrors(files(Map.of("format", "csv", "path", "landing/in/*.csv"))))
                .isEmpty();
        assertThat(policyErrors(
                        files(Map.of("format", "csv", "paths", List.of("landing/ok.csv", "/etc/passwd", "../x")))))
                .extracting(ParamError::field)
                .containsExactly("params.source.paths[1]", "params.source.paths[2]");
        assertThat(policyErrors(files(Map.of("format", "csv", "path", "landing/in/{a/../../..}/x"))))
                .extracting(ParamError::field)
                .containsExactly("params.source.path");
        assertThat(policyErrors(jdbc(Map.of("connection", "nope", "table", "t"))))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("params.source.jdbc.connection");
                    // another tenant's connection is neither usable nor named
                    assertThat(e.message()).isEqualTo("unknown connection 'nope'; known connections: pg");
                });
        assertThat(policyErrors(jdbc(Map.of("connection", "b-only", "table", "t"))))
                .extracting(ParamError::field)
                .containsExactly("params.source.jdbc.connection");
    }

    @Test
    void holdsTheTargetToTheCallersSchemasAndDirectories() {
        IngestParams outside = binder.bindValid(
                type(),
                Map.of("source", Map.of("format", "csv", "path", "landing/a"), "target", Map.of("table", "other.t")));
        assertThatThrownBy(() -> type().checkPolicy(outside, alice))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("other.t");
        IngestParams path = binder.bindValid(
                type(),
                Map.of("source", Map.of("format", "csv", "path", "landing/a"), "target", Map.of("path", "/tmp/t")));
        assertThatThrownBy(() -> type().checkPolicy(path, alice))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("/tmp/t");
    }

    private List<ParamError> policyErrors(Map<String, Object> params) {
        IngestParams p = binder.bindValid(type(), params);
        try {
            type().checkPolicy(p, alice);
            return List.of();
        } catch (InvalidParamsException e) {
            return e.errors();
        }
    }

    @Test
    void derivesItsSchemaWithLowerCaseEnums() {
        Map<String, Object> schema = new ParamSchemas(JsonMapper.builder().build()).of(type());
        assertThat(schema.toString())
                .contains("overwrite")
                .contains("parquet")
                .contains("numPartitions")
                .doesNotContain("inconsistencies")
                .doesNotContain("writeMode");
    }
}
