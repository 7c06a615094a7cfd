package dev.sparkjobs.lifecycle;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.engine.JobRunner;
import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.engine.RunningJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The graceful stop: first of all at shutdown, while the web server still answers, stop admitting
 * (submits get 503, readiness goes DOWN) and launching; let running jobs finish for up to {@code
 * jobservice.shutdown.drain-timeout}; then stop the rest, which record themselves FAILED with
 * {@code DRIVER_RESTART}. Queued jobs stay QUEUED for the next start. The SparkSession stops after
 * this, with the rest of the context.
 */
@Component
class JobDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobDrain.class);

    private final AdmissionController admission;
    private final JobRunner runner;
    private final ApplicationEventPublisher events;
    private final ShutdownProperties shutdown;
    private final JobsProperties jobs;
    private volatile boolean running;

    JobDrain(
            AdmissionController admission,
            JobRunner runner,
            ApplicationEventPublisher events,
            ShutdownProperties shutdown,
            JobsProperties jobs) {
        this.admission = admission;
        this.runner = runner;
        this.events = events;
        this.shutdown = shutdown;
        this.jobs = jobs;
    }

    @Override
    public void start() {
        if (admission.isClosed()) {
            admission.open();
        }
        running = true;
    }

    /** Blocks for the whole drain: a synchronous stop is not cut short by the per-phase timeout. */
    @Override
    public void stop() {
        admission.close();
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        int atStart = runner.runningCount();
        log.info(
                "shutting down: admitting no more jobs; {} running, waiting up to {} for them",
                atStart,
                shutdown.drainTimeout());
        try {
            if (!runner.awaitNoneRunning(shutdown.drainTimeout())) {
                log.warn(
                        "{} jobs still running after {}; stopping them (FAILED, DRIVER_RESTART)",
                        runner.runningCount(),
                        shutdown.drainTimeout());
                runner.stopAll(RunningJob.StopReason.SHUTDOWN);
                if (!runner.awaitNoneRunning(jobs.stopGrace().plusSeconds(5))) {
                    log.error("{} jobs did not stop; the next start records them", runner.runningCount());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
        }
        log.info("drained; {} jobs were running when the shutdown began", atStart);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: before the web server's graceful shutdown and before the web server. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }
}
