package dev.sparkjobs.driverhealth;

import dev.sparkjobs.lifecycle.Periodic;
import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.TaskScheduler;

/** Runs the {@link DriverHealthMonitor} every {@code check-interval} on a thread of its own. */
final class DriverHealthCheck extends Periodic {

    private final DriverHealthMonitor monitor;

    DriverHealthCheck(DriverHealthMonitor monitor, TaskScheduler scheduler, Clock clock) {
        super(scheduler, clock);
        this.monitor = monitor;
    }

    @Override
    protected void runOnce() {
        monitor.check();
    }

    @Override
    protected Duration interval() {
        return monitor.limits().checkInterval();
    }
}
