package dev.sparkjobs.abandon;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reads kept in memory and the sweep's rule, one of each per instance. */
@Configuration(proxyBeanMethods = false)
class AbandonConfiguration {

    @Bean
    JobReads jobReads(Clock clock) {
        return new JobReads(clock);
    }

    @Bean
    AbandonSweep abandonSweep(JobReads reads, Clock clock) {
        return new AbandonSweep(reads, clock);
    }
}
