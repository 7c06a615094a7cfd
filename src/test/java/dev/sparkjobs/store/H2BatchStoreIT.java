package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sparkjobs.batch.BatchQuery;
import dev.sparkjobs.batch.BatchState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batch store contract on H2, in a file database as the service runs it by default. */
class H2BatchStoreIT extends BatchStoreContract {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void open() {
        Path file = Path.of("target", "it-data", "h2-batch-contract-" + UUID.randomUUID(), "jobservice")
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
     * equality pins included; otherwise it reads every batch the filter matches and sorts them.
     */
    @Test
    void aPageReadsAboutItsOwnRowsAmongManyWhateverItFilters() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO batch (id, tenant, submitted_by, roles, state, concurrency, failure_policy,"
                    + " submitted_at) SELECT 'seed-' || x, 't' || MOD(x, 4), 'anonymous', '', CASE WHEN MOD(x, 3) = 0"
                    + " THEN 'RUNNING' ELSE 'SUCCEEDED' END, 1, 'CONTINUE', CURRENT_TIMESTAMP"
                    + " FROM SYSTEM_RANGE(1, 20000)");
        }
        for (BatchQuery page : List.of(
                new BatchQuery(null, null, null, 50, null),
                new BatchQuery("t1", null, null, 50, null),
                new BatchQuery(null, BatchState.RUNNING, null, 50, 15_000L),
                new BatchQuery("t1", BatchState.SUCCEEDED, null, 50, null))) {
            ListStatement list = BatchPages.list(page);
            String plan = H2Plans.explain(dataSource, list.sql(), list.args());
            assertThat(H2Plans.rowsRead(plan)).as(page + "\n" + plan).isLessThanOrEqualTo(4L * (page.limit() + 1));
        }
    }
}
