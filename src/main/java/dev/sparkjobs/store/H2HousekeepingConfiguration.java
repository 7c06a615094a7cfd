package dev.sparkjobs.store;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/** Compaction for an embedded H2 file store; PostgreSQL and H2 in memory need none. */
@Configuration(proxyBeanMethods = false)
class H2HousekeepingConfiguration {

    /** Registered whatever the URL; each run looks at the database itself and leaves all but an H2 file alone. */
    @Bean
    H2Housekeeping h2Housekeeping(
            DataSource dataSource, @Qualifier("housekeeping") TaskScheduler scheduler, Clock clock) {
        return new H2Housekeeping(dataSource, scheduler, clock);
    }
}
