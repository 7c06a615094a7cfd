package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class ProbePoolTest {

    @Test
    void aPoolOfItsOwnToTheSameDatabaseWithTheStoresSettings() throws Exception {
        try (HikariDataSource store = new HikariDataSource()) {
            store.setJdbcUrl("jdbc:h2:mem:probe-pool-test;DB_CLOSE_DELAY=-1");
            store.setUsername("sa");
            store.setPoolName("store");
            store.setMaximumPoolSize(3);
            store.setConnectionTimeout(1_000);
            store.setConnectionTestQuery("SELECT 1");
            List<Connection> held = new ArrayList<>();
            try (ProbePool probe = ProbePool.beside(store)) {
                for (int i = 0; i < 3; i++) {
                    held.add(store.getConnection());
                }
                held.get(0).createStatement().execute("CREATE TABLE seen AS SELECT 42 AS x");
                // every store connection is in use: the probe still reaches the same database
                try (Connection c = probe.dataSource().getConnection();
                        var rs = c.createStatement().executeQuery("SELECT x FROM seen")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(42);
                }
                HikariDataSource own = probe.dataSource().unwrap(HikariDataSource.class);
                assertThat(own).isNotSameAs(store);
                assertThat(own.getPoolName()).isEqualTo("store-probe");
                assertThat(own.getMaximumPoolSize()).isEqualTo(ProbePool.SIZE);
                assertThat(own.getConnectionTimeout()).isEqualTo(1_000);
                assertThat(probe.validationQuery()).isEqualTo("SELECT 1");
                probe.close();
                assertThat(own.isClosed()).isTrue();
                assertThat(store.isClosed()).isFalse();
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aStoreThatIsNoHikariPoolIsUsedAsItIs() {
        JdbcDataSource plain = new JdbcDataSource();
        plain.setURL("jdbc:h2:mem:probe-pool-plain");
        try (ProbePool probe = ProbePool.beside(plain)) {
            assertThat(probe.dataSource()).isSameAs(plain);
            assertThat(probe.validationQuery()).isNull();
        }
    }
}
