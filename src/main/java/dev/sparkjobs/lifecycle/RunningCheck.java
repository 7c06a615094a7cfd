package dev.sparkjobs.lifecycle;

import dev.sparkjobs.engine.JobRecorder;
import dev.sparkjobs.engine.JobRunner;
import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.lease.InstanceId;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Ends jobs the store shows RUNNING on this instance whose attempt no longer holds a thread here: the
 * attempt's end could not be written (the store refused it or stayed away past the write retry), so
 * without this the job would stay RUNNING forever, uncancellable, and no long-poll would wake. They
 * end FAILED {@code ATTEMPT_LOST} (CANCELLED if a cancel was asked for), or are retried when their
 * policy names {@code DRIVER_RESTART}.
 *
 * <p>The store is read first, the runner after: an attempt is claimed before its job becomes
 * RUNNING, so a row read as RUNNING whose attempt is not claimed afterwards has really ended. The end
 * is a compare-and-set on the attempt, so an attempt that records its own end meanwhile wins.
 */
@Component
class RunningCheck extends Periodic {

    static final int PAGE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(RunningCheck.class);

    private final JobStore store;
    private final JobRunner runner;
    private final JobRecorder recorder;
    private final JobsProperties properties;
    private final InstanceId instance;
    private final Clock clock;
    private final Random random = new Random();

    RunningCheck(
            JobStore store,
            JobRunner runner,
            JobRecorder recorder,
            JobsProperties properties,
            InstanceId instance,
            @Qualifier("housekeeping") TaskScheduler scheduler,
            Clock clock) {
        super(scheduler, clock);
        this.store = store;
        this.runner = runner;
        this.recorder = recorder;
        this.properties = properties;
        this.instance = instance;
        this.clock = clock;
    }

    /** @return how many jobs were ended */
    int check() {
        int ended = 0;
        for (Job job : store.findRunningOn(instance.value(), PAGE)) {
            if (runner.isRunning(job.id(), job.attempt())) {
                continue;
            }
            log.warn(
                    "job {} is RUNNING in the store but its attempt {} has no thread here; ending it",
                    job.id(),
                    job.attempt());
            recorder.end(job, job.endLostAttempt(job.lostAttempt(clock.instant()), random.nextDouble()));
            ended++;
        }
        return ended;
    }

    @Override
    protected void runOnce() {
        check();
    }

    @Override
    protected Duration interval() {
        return properties.runningCheckInterval();
    }
}
