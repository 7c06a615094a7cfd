package dev.sparkjobs.jobtypes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.PostgresServer;
import dev.sparkjobs.support.SharedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Ingest from a real PostgreSQL server through the configured connection {@code it-postgres}: a million
 * rows read in four parallel ranges arrive whole, and the connection's password shows nowhere.
 */
class IngestJdbcIT extends AbstractIT {

    private static final String PASSWORD = "it-secret-pw-7f3a";
    private static final String ECHOED = "it-secret-sslmode-9c1d";
    private static final int ROWS = 1_000_000;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void aMillionRows() throws Exception {
        SharedPostgres.get();
        try (Connection c = DriverManager.getConnection(SharedPostgres.jdbcUrl(), PostgresServer.USER, "");
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS trips_src");
            s.execute("CREATE TABLE trips_src AS SELECT g AS id, md5(g::text) AS txt, g % 97 AS bucket,"
                    + " now() - g * interval '1 second' AS at FROM generate_series(1, " + ROWS + ") g");
        }
    }

    private static long[] checksum(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SharedPostgres.jdbcUrl(), PostgresServer.USER, "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)};
        }
    }

    @Test
    void readsAMillionRowsInFourParallelRangesWhole() throws Exception {
        String target = "ingest_it.pg_" + suffix;
        long started = System.nanoTime();
        JsonNode result = IngestIT.succeeds(
                api,
                Map.of(
                        "source",
                        Map.of(
                                "jdbc",
                                Map.of(
                                        "connection",
                                        "it-postgres",
                                        "table",
                                        "trips_src",
                                        "partitionColumn",
                                        "id",
                                        "lowerBound",
                                        1,
                                        "upperBound",
                                        ROWS,
                                        "numPartitions",
                                        4,
                                        "fetchSize",
                                        10_000)),
                        "target",
                        Map.of("table", target)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("ingest of " + ROWS + " PostgreSQL rows took " + millis + " ms: " + result);

        assertThat(result.path("rowsWritten").asLong()).isEqualTo(ROWS);
        // one file per read range at least: the four ranges were read (and written) as four tasks
        assertThat(result.path("filesAdded").asLong()).isGreaterThanOrEqualTo(4);
        long[] source = checksum("SELECT count(*), sum(id), sum(length(txt)), sum(bucket) FROM trips_src");
        Row ingested = spark.sql("SELECT count(*), sum(id), sum(length(txt)), sum(bucket) FROM " + target)
                .head();
        assertThat(new long[] {ingested.getLong(0), ingested.getLong(1), ingested.getLong(2), ingested.getLong(3)})
                .containsExactly(source);
        assertThat(source[0]).isEqualTo(ROWS);
        assertThat(millis).isLessThan(60_000);
        assertThat(api.get("/api/v1/jobs?type=ingest").raw()).doesNotContain(PASSWORD);
    }

    @Test
    void aTableIsANameAQueryOneSelectAndTheSessionReadOnly() throws Exception {
        String target = "ingest_it.pgro_" + suffix;
        try (Connection c = DriverManager.getConnection(SharedPostgres.jdbcUrl(), PostgresServer.USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ro_victim (id int)");
            s.execute("CREATE OR REPLACE FUNCTION ro_write() RETURNS int LANGUAGE sql AS"
                    + " 'INSERT INTO ro_victim VALUES (1) RETURNING 1'");
        }
        Api.Response injected = api.submit(Api.json(Map.of(
                "type",
                "ingest",
                "params",
                Map.of(
                        "source",
                        Map.of(
                                "jdbc",
                                Map.of(
                                        "connection",
                                        "it-postgres",
                                        "table",
                                        "trips_src WHERE 1=0; DELETE FROM ro_victim; --")),
                        "target",
                        Map.of("table", target)))));
        assertThat(injected.status()).as("%s", injected.raw()).isEqualTo(400);
        assertThat(injected.raw()).contains("params.source.jdbc.table");
        Api.Response twoStatements = api.submit(Api.json(Map.of(
                "type",
                "ingest",
                "params",
                Map.of(
                        "source",
                        Map.of(
                                "jdbc",
                                Map.of(
                                        "connection",
                                        "it-postgres",
                                        "query",
                                        "SELECT 1 AS a) x; DELETE FROM ro_victim; SELECT * FROM (SELECT 1 AS a")),
                        "target",
                        Map.of("table", target)))));
        assertThat(twoStatements.status()).as("%s", twoStatements.raw()).isEqualTo(400);
        assertThat(twoStatements.raw()).contains("params.source.jdbc.query");

        // one SELECT whose function writes: the server refuses it, the session being read-only
        JsonNode failed = IngestIT.finished(
                api,
                Map.of(
                        "source",
                        Map.of("jdbc", Map.of("connection", "it-postgres", "query", "SELECT ro_write() AS x")),
                        "target",
                        Map.of("table", target)));
        assertThat(failed.path("state").asString()).as("%s", failed).isEqualTo("FAILED");
        assertThat(failed.path("error").toString()).contains("read-only transaction");
        assertThat(checksum("SELECT count(*), 0, 0, 0 FROM ro_victim")[0]).isZero();
    }

    @Test
    void aQueryIsReadAndAFailureShowsNoSecret() {
        String target = "ingest_it.pgq_" + suffix;
        JsonNode result = IngestIT.succeeds(
                api,
                Map.of(
                        "source",
                        Map.of(
                                "jdbc",
                                Map.of(
                                        "connection",
                                        "it-postgres",
                                        "query",
                                        "SELECT id, txt FROM trips_src WHERE id <= 1000",
                                        "partitionColumn",
                                        "id",
                                        "lowerBound",
                                        1,
                                        "upperBound",
                                        1000,
                                        "numPartitions",
                                        2)),
                        "target",
                        Map.of("table", target)));
        assertThat(result.path("rowsWritten").asLong()).isEqualTo(1000);
        assertThat(result.toString()).doesNotContain(PASSWORD);

        // the driver quotes a bad property value in its error: neither it nor the password reaches the job
        JsonNode failed = IngestIT.finished(
                api,
                Map.of(
                        "source",
                        Map.of("jdbc", Map.of("connection", "it-echo", "table", "t")),
                        "target",
                        Map.of("table", target)));
        assertThat(failed.path("state").asString()).as("%s", failed).isEqualTo("FAILED");
        assertThat(failed.path("error").path("type").asString()).isEqualTo("FAILED_JDBC.CONNECTION");
        String raw = api.get("/api/v1/jobs/" + failed.path("id").asString()).raw();
        assertThat(raw).doesNotContain(ECHOED).doesNotContain(PASSWORD);
    }
}
