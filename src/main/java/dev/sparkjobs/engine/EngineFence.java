package dev.sparkjobs.engine;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.lease.Fence;

/**
 * Fencing, as the engine does it: admit and launch nothing, and stop every running attempt (each
 * records itself FAILED {@code DRIVER_RESTART}, or queued for a retry, once the store takes writes
 * from this instance again); queued jobs stay QUEUED in the store for whichever instance holds the
 * lease next.
 */
final class EngineFence implements Fence {

    private final AdmissionController admission;
    private final JobRunner runner;

    EngineFence(AdmissionController admission, JobRunner runner) {
        this.admission = admission;
        this.runner = runner;
    }

    @Override
    public int stopWork() {
        admission.close();
        int running = runner.runningCount();
        runner.stopAll(RunningJob.StopReason.LEASE_LOST);
        return running;
    }

    @Override
    public void resumeWork() {
        admission.open();
    }
}
