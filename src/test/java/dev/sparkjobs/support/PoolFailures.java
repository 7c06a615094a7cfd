package dev.sparkjobs.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The failures a real Hikari pool and H2 give, caught the way the stores meet them (a transaction
 * as a submit opens one, a plain read): built, not hand-made, so that a test sees the exact chain
 * Spring and Hikari produce.
 */
public final class PoolFailures {

    private PoolFailures() {}

    /** Every connection of the pool (one) is in use and none frees up within its 250 ms timeout. */
    public static RuntimeException busyInTransaction() {
        return busy(PoolFailures::inTransaction);
    }

    /** As {@link #busyInTransaction()}, for a read outside a transaction. */
    public static RuntimeException busyOnRead() {
        return busy(PoolFailures::read);
    }

    /** The database cannot be opened at all: the pool has no connection and cannot make one. */
    public static RuntimeException unreachableInTransaction() {
        return whileUnreachable(pool -> failure(pool, PoolFailures::inTransaction));
    }

    /** {@code call}'s answer, given a pool whose one connection is held by someone else. */
    public static <T> T whileBusy(Function<DataSource, T> call) {
        HikariConfig config = config("jdbc:h2:mem:busy-" + UUID.randomUUID(), 250);
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config);
                Connection held = pool.getConnection()) {
            return call.apply(pool);
        } catch (SQLException e) {
            throw new IllegalStateException("the pool gave no first connection", e);
        }
    }

    /** {@code call}'s answer, given a pool of a database that cannot be opened. */
    public static <T> T whileUnreachable(Function<DataSource, T> call) {
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), "absent-" + UUID.randomUUID(), "db");
        HikariConfig config = config("jdbc:h2:file:" + missing + ";IFEXISTS=TRUE", 2000);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            return call.apply(pool);
        }
    }

    /** The database was closed under a pool that held a connection to it. */
    public static RuntimeException closedOnRead() {
        try {
            Path dir = Files.createTempDirectory("closed-db");
            try (HikariDataSource pool = new HikariDataSource(config("jdbc:h2:file:" + dir.resolve("db"), 2000))) {
                JdbcClient jdbc = JdbcClient.create(pool);
                jdbc.sql("SELECT 1").query(Integer.class).single();
                jdbc.sql("SHUTDOWN").update();
                return failure(pool, PoolFailures::read);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RuntimeException busy(Consumer<DataSource> call) {
        return whileBusy(pool -> failure(pool, call));
    }

    private static RuntimeException failure(DataSource pool, Consumer<DataSource> call) {
        try {
            call.accept(pool);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    private static void inTransaction(DataSource pool) {
        new TransactionTemplate(new JdbcTransactionManager(pool)).executeWithoutResult(s -> read(pool));
    }

    private static void read(DataSource pool) {
        JdbcClient.create(pool).sql("SELECT 1").query(Integer.class).single();
    }

    private static HikariConfig config(String url, long timeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setConnectionTimeout(timeoutMillis);
        config.setMaximumPoolSize(2);
        return config;
    }
}
