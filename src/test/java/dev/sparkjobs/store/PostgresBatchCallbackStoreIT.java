package dev.sparkjobs.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.sparkjobs.support.PostgresServer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The batch callback outbox contract on a real PostgreSQL server, started for this class on 127.0.0.1. */
class PostgresBatchCallbackStoreIT extends BatchCallbackStoreContract {

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
}
