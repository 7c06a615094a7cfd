package dev.sparkjobs.store;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The batch callback outbox contract on H2, in a file database as the service runs it by default. */
class H2BatchCallbackStoreIT extends BatchCallbackStoreContract {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void open() {
        Path file = Path.of("target", "it-data", "h2-batch-callback-contract-" + UUID.randomUUID(), "jobservice")
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
}
