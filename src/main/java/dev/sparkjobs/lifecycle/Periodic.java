package dev.sparkjobs.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Housekeeping that runs every {@code interval} on the housekeeping thread while the context runs:
 * first after {@code firstDelay}, then with a fixed delay between runs. Each run must be bounded
 * (a page, a few batches), so that one run never holds the thread for long. A failed run is logged
 * and the next one tries again.
 */
public abstract class Periodic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private final TaskScheduler scheduler;
    private final Clock clock;
    private volatile ScheduledFuture<?> schedule;

    protected Periodic(TaskScheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** One bounded run of the work. */
    protected abstract void runOnce();

    protected abstract Duration interval();

    protected Duration firstDelay() {
        return interval();
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("{} failed; next try in {}: {}", getClass().getSimpleName(), interval(), e.toString());
        }
    }

    @Override
    public void start() {
        schedule = scheduler.scheduleWithFixedDelay(
                this::runLogged, clock.instant().plus(firstDelay()), interval());
    }

    @Override
    public void stop() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
