package dev.sparkjobs.engine;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.scheduling.TaskScheduler;

/** Long-poll support: futures that complete when a job reaches a final state, or when the wait is over. */
public class JobWaiters {

    private final Map<JobId, CompletableFuture<Job>> waiting = new ConcurrentHashMap<>();
    private final List<Consumer<Job>> listeners = new CopyOnWriteArrayList<>();
    private final TaskScheduler timers;
    private final Executor reads;
    private final Clock clock;

    public JobWaiters(TaskScheduler timers, Executor reads, Clock clock) {
        this.timers = timers;
        this.reads = reads;
        this.clock = clock;
    }

    /**
     * A future for the job's final state; the caller must check the store after registering, since the
     * job may have ended before.
     */
    public CompletableFuture<Job> register(JobId id) {
        return waiting.computeIfAbsent(id, k -> new CompletableFuture<>()).copy();
    }

    /**
     * {@code finished} (from {@link #register}), or after {@code wait} whatever {@code reread} says
     * then. The wait ends on the service's timer thread and the reread runs on threads of its own:
     * never store work on a timer, nor on the JDK's shared delay thread.
     */
    public CompletableFuture<Job> orAfter(CompletableFuture<Job> finished, Duration wait, Supplier<Job> reread) {
        ScheduledFuture<?> timeout =
                timers.schedule(() -> finished.complete(null), clock.instant().plus(wait));
        return finished.whenComplete((job, e) -> timeout.cancel(false))
                .thenApplyAsync(job -> job != null ? job : reread.get(), reads);
    }

    /**
     * Also tells {@code listener} of every job that reaches a final state (on the thread that recorded
     * it: the listener must only hand the news on, never block).
     */
    public void onFinished(Consumer<Job> listener) {
        listeners.add(listener);
    }

    public void finished(Job job) {
        listeners.forEach(l -> l.accept(job));
        CompletableFuture<Job> f = waiting.remove(job.id());
        if (f != null) {
            f.complete(job);
        }
    }
}
