package dev.sparkjobs.engine;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Long-poll support: futures that complete when a job reaches a final state, or when the wait is over. */
public class JobWaiters {

    private final Map<JobId, CompletableFuture<Job>> waiting = new ConcurrentHashMap<>();
    private final Executor reads;

    public JobWaiters(Executor reads) {
        this.reads = reads;
    }

    /**
     * A future for the job's final state; the caller must check the store after registering, since the
     * job may have ended before.
     */
    public CompletableFuture<Job> register(JobId id) {
        return waiting.computeIfAbsent(id, k -> new CompletableFuture<>()).copy();
    }

    /**
     * {@code finished}, or after {@code wait} whatever {@code reread} says then; the reread runs on
     * this class's own threads, never on the JDK's shared delay thread that ends the wait.
     */
    public CompletableFuture<Job> orAfter(CompletableFuture<Job> finished, Duration wait, Supplier<Job> reread) {
        return finished.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApplyAsync(job -> job != null ? job : reread.get(), reads);
    }

    public void finished(Job job) {
        CompletableFuture<Job> f = waiting.remove(job.id());
        if (f != null) {
            f.complete(job);
        }
    }
}
