package dev.sparkjobs.engine;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.lease.Fence;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Fencing, as the engine does it: admit and launch nothing (submits get 503, readiness goes DOWN),
 * and stop every running attempt (each records itself FAILED {@code DRIVER_RESTART}, or queued for
 * a retry, once the store takes writes from this instance again); queued jobs stay QUEUED in the
 * store for whichever instance holds the lease next.
 */
final class EngineFence implements Fence {

    private final AdmissionController admission;
    private final JobRunner runner;
    private final ApplicationEventPublisher events;

    EngineFence(AdmissionController admission, JobRunner runner, ApplicationEventPublisher events) {
        this.admission = admission;
        this.runner = runner;
        this.events = events;
    }

    @Override
    public int stopWork() {
        admission.fence();
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        int running = runner.runningCount();
        runner.stopAll(RunningJob.StopReason.LEASE_LOST);
        return running;
    }

    /** Admits again, unless the service began shutting down meanwhile. */
    @Override
    public void resumeWork() {
        admission.unfence();
        if (!admission.isClosed()) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
