package dev.sparkjobs.store;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code db} health check (in readiness) in place of Spring Boot's own: see {@link DatabaseHealth}. */
@Configuration(proxyBeanMethods = false)
class StoreHealthConfiguration {

    /** Named so that Spring Boot's check of the same name steps back, and the component stays {@code db}. */
    @Bean
    DatabaseHealth dbHealthIndicator(DataSource dataSource) {
        return new DatabaseHealth(dataSource);
    }
}
