package dev.sparkjobs.execution;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Long-poll support: futures that complete when a job reaches a final state. */
@Component
class JobWaiters {

    private final Map<JobId, CompletableFuture<Job>> waiting = new ConcurrentHashMap<>();

    /** A future for the job's final state; the caller must check the store after registering. */
    CompletableFuture<Job> register(JobId id) {
        return waiting.computeIfAbsent(id, k -> new CompletableFuture<>()).copy();
    }

    void finished(Job job) {
        CompletableFuture<Job> f = waiting.remove(job.id());
        if (f != null) {
            f.complete(job);
        }
    }
}
