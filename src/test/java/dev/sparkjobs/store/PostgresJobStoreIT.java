package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sparkjobs.job.JobQuery;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.support.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server, started for this class on 127.0.0.1. */
class PostgresJobStoreIT extends JobStoreContract {

    private static final Pattern REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");

    private static PostgresServer postgres;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void open() throws Exception {
        postgres = PostgresServer.start();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl());
        dataSource.setUsername(PostgresServer.USER);
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (dataSource != null) {
                dataSource.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    /**
     * The driver turns a statement run five times into a server-side prepared statement, and
     * PostgreSQL then settles on a generic plan, made once for any arguments. A page of QUEUED and
     * RUNNING jobs among many finished ones must still read the state index, not page backwards
     * through every finished job.
     */
    @Test
    void aPageOfRareStatesReadsOnlyThemInAGenericPlanToo() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("INSERT INTO job (id, type, state, submitted_by, pool, priority, timeout_seconds, params,"
                        + " tags, submitted_at, finished_at, tenant) SELECT 'done-' || x, 'sql', 'SUCCEEDED',"
                        + " 'anonymous', 'default', 0, 3600, '{}', '{}', now(), now(), 't' || x % 10"
                        + " FROM generate_series(1, 200000) AS x");
                s.execute("ANALYZE job");
                ListStatement page = JobPages.list(
                        JobRows.SUMMARY_COLUMNS,
                        new JobQuery(null, Set.of(JobState.QUEUED, JobState.RUNNING), null, null, Map.of(), 50, null));
                s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                s.execute("PREPARE page AS " + numbered(page.sql()));

                String plan = explain(s, "EXPLAIN (ANALYZE, COSTS OFF) EXECUTE page" + arguments(page.args()));

                assertThat(removedByFilter(plan)).as(plan).isLessThan(1_000);
            } finally {
                c.rollback();
            }
        }
    }

    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        return out.toString();
    }

    private static String arguments(List<Object> args) {
        if (args.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("(");
        for (Object a : args) {
            out.append(out.length() > 1 ? ", " : "")
                    .append(
                            a instanceof Number
                                    ? a.toString()
                                    : "'" + a.toString().replace("'", "''") + "'");
        }
        return out.append(')').toString();
    }

    private static String explain(Statement s, String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static long removedByFilter(String plan) {
        long removed = 0;
        Matcher m = REMOVED.matcher(plan);
        while (m.find()) {
            removed += Long.parseLong(m.group(1));
        }
        return removed;
    }
}
