package dev.sparkjobs.admission;

import dev.sparkjobs.threads.ApplicationThreadFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The admission controller and the bounded pool of threads that run jobs. */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

    @Bean
    AdmissionController admissionController(AdmissionProperties properties) {
        return new AdmissionController(properties);
    }

    /**
     * One thread for each job that may run at once: as many as the lightest jobs fill every slot with
     * (capped by {@code max-threads}, which admission also enforces). The admission controller launches
     * a job only when it has room, so the small queue only bridges the moment between a job's room
     * being freed and its thread being back in the pool. Its threads start lazily, mostly from web request threads: the factory keeps
     * the web server's class loader off them and off the Spark threads they start.
     */
    @Bean
    @DependsOn("sparkSession") // shut down before the session stops
    ThreadPoolTaskExecutor jobExecutor(AdmissionProperties properties) {
        int slots = properties.effectiveMaxThreads();
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(slots);
        executor.setMaxPoolSize(slots);
        executor.setQueueCapacity(slots);
        executor.setThreadFactory(new ApplicationThreadFactory("job-"));
        executor.setWaitForTasksToCompleteOnShutdown(false);
        // the drain (JobDrain) decides when running jobs stop, not the context-close event
        executor.setAcceptTasksAfterContextClose(true);
        executor.setAwaitTerminationSeconds(30);
        executor.initialize();
        return executor;
    }
}
