package dev.sparkjobs.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Meter names as Prometheus wants them. Spring Security counts each filter of its chain under a name
 * that carries the filter's class name ({@code spring.security.filterchains.ApiKeyFilter.before}),
 * which Prometheus exports in camelCase; {@code promtool check metrics} objects to that.
 */
@Configuration(proxyBeanMethods = false)
class MeterNames {

    static final String FILTER_CHAINS = "spring.security.filterchains.";

    @Bean
    MeterFilter snakeCaseFilterChainMeters() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(FILTER_CHAINS) ? id.withName(snakeCase(id.getName())) : id;
            }
        };
    }

    /** {@code ApiKeyFilter} → {@code api_key_filter}; dots and lower-case names stay as they are. */
    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .toLowerCase(Locale.ROOT);
    }
}
