package dev.sparkjobs.driverhealth;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@link #DEGRADED} while the driver-health gate holds job starts back: the service answers and
 * admits, but runs nothing new. Not part of the readiness group, and mapped to HTTP 200: taking the
 * instance out of a load balancer would not free the driver's memory, only stop its clients from
 * submitting.
 */
final class DriverHealthIndicator extends AbstractHealthIndicator {

    /** Working, but not at full service. */
    static final Status DEGRADED = new Status("DEGRADED", "job starts are paused while the driver is short of memory");

    private final DriverHealthMonitor monitor;

    DriverHealthIndicator(DriverHealthMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        DriverState s = monitor.state();
        builder.withDetail("heapAfterGc", s.heapAfterGc())
                .withDetail("gcTimeShare", s.gcTimeShare())
                .withDetail("maxHeapAfterGc", monitor.limits().maxHeapAfterGc())
                .withDetail("maxGcTimeShare", monitor.limits().maxGcTimeShare());
        if (s.strained()) {
            builder.status(DEGRADED).withDetail("reason", s.strainedBy()).withDetail("since", s.since());
        } else {
            builder.up();
        }
    }
}
