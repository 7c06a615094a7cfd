package dev.sparkjobs.store;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/** Compaction for the embedded H2 file store; PostgreSQL and H2 in memory need none. */
@Configuration(proxyBeanMethods = false)
class H2HousekeepingConfiguration {

    @Bean
    @ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:h2:file:')")
    H2Housekeeping h2Housekeeping(
            DataSource dataSource, @Qualifier("housekeeping") TaskScheduler scheduler, Clock clock) {
        return new H2Housekeeping(dataSource, scheduler, clock);
    }
}
