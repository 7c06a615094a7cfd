package dev.sparkjobs.store;

import javax.sql.DataSource;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The probe pool, and the {@code db} health check on it in place of Spring Boot's on the store's pool. */
@Configuration(proxyBeanMethods = false)
class ProbePoolConfiguration {

    @Bean(destroyMethod = "close")
    ProbePool probePool(DataSource dataSource) {
        return ProbePool.beside(dataSource);
    }

    /**
     * Named so that Spring Boot's own {@code db} check on the store's pool stands back; off with
     * {@code management.health.db.enabled=false}, as Spring Boot's is.
     */
    @Bean
    @ConditionalOnEnabledHealthIndicator("db")
    HealthIndicator dbHealthIndicator(ProbePool probe) {
        return new DataSourceHealthIndicator(probe.dataSource(), probe.validationQuery());
    }
}
