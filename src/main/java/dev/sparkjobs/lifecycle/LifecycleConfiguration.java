package dev.sparkjobs.lifecycle;

import dev.sparkjobs.threads.ApplicationThreadFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The housekeeping thread: the reconciler, the running check, the retention sweeps and the H2 compaction take turns on it. */
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

    @Bean
    ThreadPoolTaskScheduler housekeeping() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadFactory(new ApplicationThreadFactory("housekeeping-"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.initialize();
        return scheduler;
    }
}
