package dev.sparkjobs.execution;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Time and the timer thread that enforces job timeouts, as beans so tests can control them. */
@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ThreadPoolTaskScheduler jobTimers() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("job-timer-");
        scheduler.setRemoveOnCancelPolicy(true);
        // keep timeouts, retries and the lease renewal going through the drain; stop at destruction
        scheduler.setAcceptTasksAfterContextClose(true);
        scheduler.initialize();
        return scheduler;
    }
}
