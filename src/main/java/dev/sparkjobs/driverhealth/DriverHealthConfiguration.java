package dev.sparkjobs.driverhealth;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.threads.ApplicationThreadFactory;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The driver-health gate ({@code jobservice.admission.driver-health}): the monitor, its thread, its
 * health indicator ({@code driver}) and gauges. Its own thread, so that a long housekeeping run
 * never delays a check.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jobservice.admission.driver-health.enabled", matchIfMissing = true)
class DriverHealthConfiguration {

    @Bean
    DriverHealthMonitor driverHealthMonitor(
            AdmissionProperties properties, AdmissionController admission, Clock clock, JobMetrics metrics) {
        DriverHealthMonitor monitor =
                new DriverHealthMonitor(properties.driverHealth(), new MxBeanReadings(), clock, admission);
        metrics.driverHealth(
                () -> monitor.state().heapAfterGc(), () -> monitor.state().gcTimeShare());
        return monitor;
    }

    @Bean
    ThreadPoolTaskScheduler driverHealthScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadFactory(new ApplicationThreadFactory("driver-health-"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    DriverHealthCheck driverHealthCheck(
            DriverHealthMonitor monitor,
            @Qualifier("driverHealthScheduler") ThreadPoolTaskScheduler scheduler,
            Clock clock) {
        return new DriverHealthCheck(monitor, scheduler, clock);
    }

    @Bean("driver")
    DriverHealthIndicator driverHealthIndicator(DriverHealthMonitor monitor) {
        return new DriverHealthIndicator(monitor);
    }
}
