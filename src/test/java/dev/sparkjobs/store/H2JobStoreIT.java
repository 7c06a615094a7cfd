package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sparkjobs.job.JobQuery;
import dev.sparkjobs.job.JobState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on H2, in a file database as the service runs it by default. */
class H2JobStoreIT extends JobStoreContract {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void open() {
        Path file = Path.of("target", "it-data", "h2-contract-" + UUID.randomUUID(), "jobservice")
                .toAbsolutePath();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        dataSource.setUsername("sa");
        dataSource.setPassword("");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    /**
     * H2 reads an index in order only when the ORDER BY names the index's leading columns, those an
     * equality pins included; otherwise it reads every row the filter matches and sorts them. A page
     * must read about its own rows, whatever it filters on, among many jobs of every state.
     */
    @Test
    void aPageReadsAboutItsOwnRowsAmongManyWhateverItFilters() throws Exception {
        seed(30_000);
        List<JobQuery> pages = List.of(
                new JobQuery(null, Set.of(), null, null, Map.of(), 50, null),
                new JobQuery(null, Set.of(JobState.QUEUED), null, null, Map.of(), 50, null),
                new JobQuery(null, Set.of(JobState.SUCCEEDED), null, null, Map.of(), 50, 20_000L),
                new JobQuery(null, Set.of(JobState.QUEUED, JobState.RUNNING), null, null, Map.of(), 50, null),
                new JobQuery("t1", Set.of(), null, null, Map.of(), 50, null),
                new JobQuery("t1", Set.of(JobState.SUCCEEDED), null, null, Map.of(), 50, null),
                new JobQuery("t1", Set.of(JobState.QUEUED, JobState.RUNNING), null, null, Map.of(), 50, null),
                new JobQuery(null, Set.of(), "ingest", null, Map.of(), 50, null));
        for (JobQuery page : pages) {
            ListStatement list = JobPages.list(JobRows.SUMMARY_COLUMNS, page);
            String plan = H2Plans.explain(dataSource, list.sql(), list.args());
            assertThat(H2Plans.rowsRead(plan)).as(page + "\n" + plan).isLessThanOrEqualTo(4L * (page.limit() + 1));
        }
    }

    /** Start-up recovery reads the queue a page at a time: each page must cost its own rows, not the queue's. */
    @Test
    void aPageOfTheQueueReadsItsOwnRowsHoweverDeepTheQueue() throws Exception {
        seed(30_000);
        String plan = H2Plans.explain(dataSource, JobPages.queued(1_000), List.of(JobState.QUEUED.name(), 12_000L));
        assertThat(H2Plans.rowsRead(plan)).as(plan).isLessThanOrEqualTo(1_001L);
    }

    /** Jobs of every state, a third of them QUEUED, spread over four tenants and two types. */
    private static void seed(int jobs) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO job (id, type, state, submitted_by, pool, priority, timeout_seconds, params, tags,"
                    + " submitted_at, finished_at, tenant) SELECT 'seed-' || x,"
                    + " CASE WHEN MOD(x, 2) = 0 THEN 'sql' ELSE 'ingest' END,"
                    + " CASE MOD(x, 3) WHEN 0 THEN 'QUEUED' WHEN 1 THEN 'SUCCEEDED' ELSE 'FAILED' END,"
                    + " 'anonymous', 'default', 0, 3600, '{}', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
                    + " 't' || MOD(x, 4) FROM SYSTEM_RANGE(1, " + jobs + ")");
        }
    }
}
