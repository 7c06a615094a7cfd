package dev.sparkjobs.engine;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.jobtypes.JobTypeRegistry;
import dev.sparkjobs.lease.InstanceId;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.spark.JobSpark;
import dev.sparkjobs.threads.ApplicationThreadFactory;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The engine's parts, and its time and threads as beans so tests can control them. Each kind of
 * timed work has threads of its own: a slow sweep or a slow store never delays a job's timeout or
 * a retry, and none of them delays the lease renewal (which has its own, in the lease package).
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    /**
     * Microseconds: what both stores keep, so that a job reads the same in its 202 as in every later
     * answer.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return new MicrosecondClock(Clock.systemUTC());
    }

    /** Job timeouts, retries' delayed requeues, long-polls' waits: light work only, never the store's. */
    @Bean
    ThreadPoolTaskScheduler jobTimers() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadFactory(new ApplicationThreadFactory("job-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        // keep timeouts and retries going through the drain; stop at destruction
        scheduler.setAcceptTasksAfterContextClose(true);
        scheduler.initialize();
        return scheduler;
    }

    /** Reads a job again when a long-poll's wait is over: store work off the JDK's shared timer thread. */
    @Bean
    ThreadPoolTaskExecutor jobWaitReads() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        executor.setThreadFactory(new ApplicationThreadFactory("job-wait-"));
        executor.setAcceptTasksAfterContextClose(true);
        executor.initialize();
        return executor;
    }

    @Bean
    JobWaiters jobWaiters(
            @Qualifier("jobTimers") TaskScheduler timers, @Qualifier("jobWaitReads") Executor reads, Clock clock) {
        return new JobWaiters(timers, reads, clock);
    }

    @Bean
    JobRecorder jobRecorder(
            JobStore store,
            AdmissionController admission,
            @Qualifier("jobTimers") TaskScheduler timers,
            JobMetrics metrics,
            JobWaiters waiters,
            JobsProperties properties,
            Clock clock) {
        return new JobRecorder(store, admission, timers, metrics, waiters, properties, clock);
    }

    @Bean
    JobRunner jobRunner(
            JobStore store,
            JobTypeRegistry types,
            AdmissionController admission,
            @Qualifier("jobExecutor") Executor jobExecutor,
            @Qualifier("jobTimers") TaskScheduler timers,
            JobSpark spark,
            JobMetrics metrics,
            JobRecorder recorder,
            JobsProperties properties,
            Clock clock,
            InstanceId instance,
            AttemptObserver observer) {
        return new JobRunner(
                store,
                types,
                admission,
                jobExecutor,
                timers,
                spark,
                metrics,
                recorder,
                properties,
                clock,
                instance,
                observer);
    }

    /** What the lease keeper does to this engine when the lease is in doubt: see {@link EngineFence}. */
    @Bean
    EngineFence engineFence(AdmissionController admission, JobRunner runner, ApplicationEventPublisher events) {
        return new EngineFence(admission, runner, events);
    }
}
