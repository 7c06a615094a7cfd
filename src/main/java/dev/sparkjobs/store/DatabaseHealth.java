package dev.sparkjobs.store;

import dev.sparkjobs.lease.StoreBusy;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;

/**
 * Spring Boot's database check, but a pool with every connection in use past its timeout is UP
 * (detail {@code busy}), not DOWN: the database answers the requests that hold the connections, and
 * readiness going DOWN would take the instance out of service for being in demand.
 */
class DatabaseHealth extends DataSourceHealthIndicator {

    DatabaseHealth(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try {
            super.doHealthCheck(builder);
        } catch (RuntimeException e) {
            if (!StoreBusy.is(e)) {
                throw e;
            }
            builder.up().withDetail("busy", "every connection is in use; none came free within the pool's timeout");
        }
    }
}
