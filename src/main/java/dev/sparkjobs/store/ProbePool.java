package dev.sparkjobs.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A pool of its own, beside the job store's, for what must tell whether the database answers: the
 * driver lease and the {@code db} health check. On the store's pool they could not tell a database
 * that hangs from a burst of submits that keeps every connection busy, and such a burst would take
 * the instance's readiness and then its lease. The same database, settings and credentials as the
 * store's pool; {@value #SIZE} connections at most, a renewal and a probe at once.
 */
final class ProbePool implements AutoCloseable {

    static final int SIZE = 2;

    private final DataSource dataSource;
    private final HikariDataSource own;
    private final String validationQuery;

    private ProbePool(DataSource dataSource, HikariDataSource own, String validationQuery) {
        this.dataSource = dataSource;
        this.own = own;
        this.validationQuery = validationQuery;
    }

    /** A pool like {@code store}'s; the store's own when it is not a Hikari pool, whose settings are unknown. */
    static ProbePool beside(DataSource store) {
        HikariDataSource hikari;
        try {
            hikari = store.isWrapperFor(HikariDataSource.class) ? store.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            hikari = null;
        }
        if (hikari == null) {
            return new ProbePool(store, null, null);
        }
        HikariConfig config = new HikariConfig();
        hikari.copyStateTo(config);
        config.setPoolName((hikari.getPoolName() == null ? "store" : hikari.getPoolName()) + "-probe");
        config.setMaximumPoolSize(SIZE);
        config.setMinimumIdle(1);
        // a database down at start-up already stops the store's pool and the migrations: this one
        // only reports it, and connects once it answers
        config.setInitializationFailTimeout(-1);
        HikariDataSource probe = new HikariDataSource(config);
        return new ProbePool(probe, probe, hikari.getConnectionTestQuery());
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The store pool's test query, which the {@code db} check runs too; null: the driver's own check. */
    String validationQuery() {
        return validationQuery;
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }
}
