package dev.sparkjobs.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/** A {@link TaskScheduler} that runs nothing by itself: a test sees what was scheduled and runs it. */
public final class ManualScheduler implements TaskScheduler {

    /** One scheduled task: first due at {@code at}. */
    public record Task(Runnable runnable, Instant at, Duration every) {}

    private final List<Task> tasks = new ArrayList<>();

    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    private synchronized ScheduledFuture<?> add(Runnable task, Instant at, Duration every) {
        tasks.add(new Task(task, at, every));
        return new Stub();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        return add(task, null, null);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        return add(task, startTime, null);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        return add(task, startTime, period);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        return add(task, null, period);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        return add(task, startTime, delay);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        return add(task, null, delay);
    }

    private static final class Stub extends CompletableFuture<Object> implements ScheduledFuture<Object> {
        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed o) {
            return 0;
        }
    }
}
