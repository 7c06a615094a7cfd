package dev.sparkjobs.lease;

import dev.sparkjobs.threads.ApplicationThreadFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** This instance's name and the lease's own threads. */
@Configuration(proxyBeanMethods = false)
class LeaseConfiguration {

    @Bean
    InstanceId instanceId() {
        return InstanceId.random();
    }

    /**
     * Two threads of its own: a renewal that hangs on an unreachable store must not keep the watchdog
     * from fencing, and no other work may delay either.
     */
    @Bean
    ThreadPoolTaskScheduler leaseTimers() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadFactory(new ApplicationThreadFactory("lease-"));
        scheduler.setAcceptTasksAfterContextClose(true);
        scheduler.initialize();
        return scheduler;
    }
}
