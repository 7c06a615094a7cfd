package dev.sparkjobs.watch;

import dev.sparkjobs.abandon.JobReads;
import dev.sparkjobs.engine.JobWaiters;
import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.joblogs.JobLogs;
import dev.sparkjobs.progress.JobProgressService;
import dev.sparkjobs.threads.ApplicationThreadFactory;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Watching jobs: the facade, the event streams and the one timer thread that feeds them all. */
@Configuration(proxyBeanMethods = false)
class WatchConfiguration {

    @Bean
    JobEventStreams jobEventStreams(
            JobService jobs,
            JobReads reads,
            JobProgressService progress,
            JobWaiters waiters,
            EventsProperties properties,
            Clock clock) {
        return new JobEventStreams(jobs::get, reads, progress, waiters, properties, clock);
    }

    @Bean
    AttemptTracking attemptTracking(JobProgressService progress, JobLogs logs) {
        return new AttemptTracking(progress, logs);
    }

    @Bean
    JobWatch jobWatch(JobService jobs, JobProgressService progress, JobLogs logs, JobEventStreams streams) {
        return new JobWatch(jobs, progress, logs, streams);
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler jobEventsTimer() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadFactory(new ApplicationThreadFactory("job-events-"));
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    EventStreamTicks eventStreamTicks(
            JobEventStreams streams,
            @Qualifier("jobEventsTimer") ThreadPoolTaskScheduler jobEventsTimer,
            EventsProperties properties) {
        return new EventStreamTicks(streams, jobEventsTimer, properties);
    }

    /**
     * Looks at the streams while the context runs. Stops after the drain (which ends or stops every
     * job, so the streams can still send those ends) and before the web server's graceful shutdown,
     * which would otherwise wait for open streams as for requests in flight.
     */
    static final class EventStreamTicks implements SmartLifecycle {

        private final JobEventStreams streams;
        private final ThreadPoolTaskScheduler timer;
        private final EventsProperties properties;
        private volatile ScheduledFuture<?> ticks;

        EventStreamTicks(JobEventStreams streams, ThreadPoolTaskScheduler timer, EventsProperties properties) {
            this.streams = streams;
            this.timer = timer;
            this.properties = properties;
        }

        @Override
        public void start() {
            ticks = timer.scheduleWithFixedDelay(streams::tick, properties.progressInterval());
        }

        @Override
        public void stop() {
            ScheduledFuture<?> t = ticks;
            if (t != null) {
                t.cancel(false);
            }
            ticks = null;
            streams.endAll();
        }

        @Override
        public boolean isRunning() {
            return ticks != null;
        }

        @Override
        public int getPhase() {
            return DEFAULT_PHASE - 512;
        }
    }
}
