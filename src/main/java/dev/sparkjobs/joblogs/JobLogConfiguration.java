package dev.sparkjobs.joblogs;

import dev.sparkjobs.threads.ApplicationThreadFactory;
import java.util.concurrent.ScheduledFuture;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Job logs: the buffers, the appender on the root logger, and the flush on a thread of its own. */
@Configuration(proxyBeanMethods = false)
class JobLogConfiguration {

    @Bean
    JobLogs jobLogs(JobLogStore store, LogsProperties properties) {
        return new JobLogs(store, properties);
    }

    /** Store writes of log lines: never on the job timers, whose work must stay light. */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler jobLogFlusher() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadFactory(new ApplicationThreadFactory("job-logs-"));
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    JobLogCapture jobLogCapture(
            JobLogs logs,
            @Qualifier("jobLogFlusher") ThreadPoolTaskScheduler jobLogFlusher,
            LogsProperties properties) {
        return new JobLogCapture(logs, jobLogFlusher, properties);
    }

    /**
     * Adds the appender when the context starts, after Spring Boot has configured logging (which
     * replaces the configuration, and an appender added before with it); removes it at stop, after a
     * last flush. Its phase is the lowest: lines are kept from before the first job starts to after
     * the last one is drained.
     */
    static final class JobLogCapture implements SmartLifecycle {

        private final JobLogs logs;
        private final ThreadPoolTaskScheduler scheduler;
        private final LogsProperties properties;
        private volatile JobLogAppender appender;
        private volatile ScheduledFuture<?> flush;

        JobLogCapture(JobLogs logs, ThreadPoolTaskScheduler scheduler, LogsProperties properties) {
            this.logs = logs;
            this.scheduler = scheduler;
            this.properties = properties;
        }

        @Override
        public void start() {
            JobLogAppender a = new JobLogAppender(logs);
            a.start();
            root().addAppender(a, Level.ALL, null);
            context().updateLoggers();
            appender = a;
            flush = scheduler.scheduleWithFixedDelay(logs::flushAll, properties.flushInterval());
        }

        @Override
        public void stop() {
            ScheduledFuture<?> f = flush;
            if (f != null) {
                f.cancel(false);
            }
            logs.flushAll();
            JobLogAppender a = appender;
            if (a != null) {
                root().removeAppender(a.getName());
                context().updateLoggers();
                a.stop();
            }
            appender = null;
        }

        @Override
        public boolean isRunning() {
            return appender != null;
        }

        @Override
        public int getPhase() {
            return Integer.MIN_VALUE + 1000;
        }

        private static LoggerContext context() {
            return (LoggerContext) LogManager.getContext(false);
        }

        private static LoggerConfig root() {
            return context().getConfiguration().getRootLogger();
        }
    }
}
