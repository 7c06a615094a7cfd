package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A preview is capped in bytes as well as rows, over real HTTP, Spark and store, with the default caps. */
class ResultPreviewIT extends AbstractIT {

    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_VALUE_BYTES = 64 << 10;

    private JsonNode run(String sql, int maxRows) {
        String id = api.submitOk(Api.json(Map.of("type", "sql", "params", Map.of("sql", sql, "maxRows", maxRows))));
        JsonNode done = api.awaitFinal(id);
        assertThat(done.path("state").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        return done;
    }

    private static int jsonBytes(JsonNode node) {
        return Api.json(node).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Duration ran(JsonNode job) {
        return Duration.between(
                Instant.parse(job.path("startedAt").asString()),
                Instant.parse(job.path("finishedAt").asString()));
    }

    @Test
    void aGigabyteResultSucceedsQuicklyWithAPreviewWithinTheCap() {
        // 10,000 rows of 100,000 characters: about 1 GB if collected as asked
        for (String sql : new String[] {
            "SELECT repeat('x', 100000) FROM range(10000)",
            "SELECT repeat(cast(id % 10 AS string), 100000) AS s, id FROM range(10000)"
        }) {
            JsonNode done = run(sql, 10_000);
            JsonNode result = done.path("result");
            // it used to hold the driver for minutes; the bound is loose, the benchmark is where speed is measured
            assertThat(ran(done)).as(sql).isLessThan(Duration.ofSeconds(60));
            assertThat(result.path("truncated").asBoolean()).isTrue();
            assertThat(result.path("truncatedBy").asString()).isEqualTo("bytes");
            assertThat(jsonBytes(result.path("rows"))).isLessThanOrEqualTo(MAX_BYTES);
            // values cut to 64 KiB: as many whole rows as fit in 1 MiB
            JsonNode rows = result.path("rows");
            assertThat(result.path("rowCount").asInt()).isEqualTo(rows.size()).isEqualTo(15);
            assertThat(rows.get(0).get(0).asString()).hasSize(MAX_VALUE_BYTES);
            if (sql.contains(" id ")) {
                assertThat(rows.get(14).get(0).asString()).startsWith("4444");
                assertThat(rows.get(14).get(1).asLong()).isEqualTo(14);
            }
        }
    }

    @Test
    void aHugeSingleValueIsCutAndTheRestOfTheRowKept() {
        JsonNode result = run(
                        "SELECT repeat('ab', 1000000) AS big, 7 AS n, unhex(repeat('00FF', 100000)) AS b, "
                                + "sequence(1, 100000) AS a, 'é' AS small",
                        10)
                .path("result");

        JsonNode row = result.path("rows").get(0);
        assertThat(row.get(0).asString()).hasSize(MAX_VALUE_BYTES).startsWith("abab");
        assertThat(row.get(1).asInt()).isEqualTo(7);
        // binary is cut to 64 KiB of bytes, shown in Base64
        assertThat(row.get(2).asString()).hasSize((MAX_VALUE_BYTES + 2) / 3 * 4);
        // an array too long to show becomes its text, cut
        assertThat(row.get(3).isString()).isTrue();
        assertThat(row.get(3).asString()).hasSize(MAX_VALUE_BYTES).startsWith("[1, 2, 3");
        assertThat(row.get(4).asString()).isEqualTo("é");
        assertThat(result.path("rowCount").asInt()).isEqualTo(1);
        assertThat(result.path("truncated").asBoolean()).isTrue();
        assertThat(result.path("truncatedBy").asString()).isEqualTo("bytes");
    }

    @Test
    void smallResultsAreUnchanged() {
        JsonNode result = run("SELECT id, concat('n', id) AS name, id % 2 = 0 AS even FROM range(3)", 100)
                .path("result");

        assertThat(result.toString())
                .isEqualTo(
                        "{\"columns\":[{\"name\":\"id\",\"type\":\"bigint\"},{\"name\":\"name\",\"type\":\"string\"},"
                                + "{\"name\":\"even\",\"type\":\"boolean\"}],"
                                + "\"rows\":[[0,\"n0\",true],[1,\"n1\",false],[2,\"n2\",true]],\"rowCount\":3,\"truncated\":false}");
    }

    @Test
    void moreRowsThanAskedForIsTruncatedByRows() {
        JsonNode result =
                run("SELECT id, repeat('z', 10) AS s FROM range(20)", 5).path("result");

        assertThat(result.path("rowCount").asInt()).isEqualTo(5);
        assertThat(result.path("truncated").asBoolean()).isTrue();
        assertThat(result.path("truncatedBy").asString()).isEqualTo("rows");
    }

    @Test
    void manyMediumRowsStopAtTheCapInOrder() {
        // rows of ~510 bytes: their strings are longer than the first pass's share at 10,000 rows
        // (about 400 bytes a row), so Spark is asked again for sizes, then for the rows that fit
        for (String sql : new String[] {
            "SELECT id, repeat('y', 500) AS s FROM range(5000)",
            "SELECT id, repeat('y', 500) AS s FROM range(5000) ORDER BY id DESC"
        }) {
            JsonNode result = run(sql, 10_000).path("result");
            JsonNode rows = result.path("rows");
            int bytes = jsonBytes(rows);
            assertThat(bytes).as(sql).isLessThanOrEqualTo(MAX_BYTES).isGreaterThan(MAX_BYTES - 2000);
            assertThat(result.path("rowCount").asInt()).isEqualTo(rows.size()).isBetween(1900, 2100);
            assertThat(result.path("truncatedBy").asString()).isEqualTo("bytes");
            boolean descending = sql.contains("DESC");
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).get(0).asLong()).isEqualTo(descending ? 4999 - i : i);
            }
        }
    }

    @Test
    void oddColumnNamesAndEveryKindOfValueStillPreview() {
        JsonNode result = run(
                        "SELECT 1, 1, 'x' AS `a.b`, array('q') AS `we``ird`, named_struct('a', 1, 's', 'x') AS st, "
                                + "map('k', 2) AS m, parse_json('{\"a\":1}') AS v, X'00FF' AS b, 12.5BD AS d, "
                                + "timestamp'2024-01-01 12:34:56Z' AS ts, interval 3 days AS i, null AS z, "
                                + "cast(null AS array<int>) AS na FROM range(2)",
                        10)
                .path("result");

        assertThat(result.path("columns").toString())
                .contains(
                        "{\"name\":\"1\",\"type\":\"int\"},{\"name\":\"1\",\"type\":\"int\"}",
                        "{\"name\":\"a.b\",\"type\":\"string\"}",
                        "{\"name\":\"we`ird\",\"type\":\"array<string>\"}");
        assertThat(result.path("rows").get(1).toString())
                .isEqualTo("[1,1,\"x\",[\"q\"],{\"a\":1,\"s\":\"x\"},{\"k\":2},\"{\\\"a\\\":1}\",\"AP8=\",12.5,"
                        + "\"2024-01-01T12:34:56Z\",\"PT72H\",null,null]");
        assertThat(result.path("truncated").asBoolean()).isFalse();
    }
}
