package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every pool's waiting jobs (by priority, then arrival) and how many of its jobs run. Inside a pool
 * each tenant has a queue of its own, so a tenant that may not start more is stepped over in one
 * look rather than job by job. Not thread-safe: {@link AdmissionController}'s lock guards it.
 */
final class PoolQueues {

    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private long sequence;

    PoolQueues(AdmissionProperties properties) {
        properties.poolNames().forEach(name -> pools.put(name, new Pool(properties.poolMaxRunning(name))));
    }

    boolean knows(String pool) {
        return pools.containsKey(pool);
    }

    List<String> names() {
        return List.copyOf(pools.keySet());
    }

    void add(JobId id, String tenant, String pool, int priority) {
        pool(pool)
                .byTenant
                .computeIfAbsent(tenant, t -> new PriorityQueue<>())
                .add(new QueuedJob(id, tenant, pool, priority, sequence++));
    }

    /** @return the job taken out, or null when it was not waiting */
    QueuedJob remove(JobId id) {
        for (Pool p : pools.values()) {
            for (Iterator<PriorityQueue<QueuedJob>> queues = p.byTenant.values().iterator(); queues.hasNext(); ) {
                PriorityQueue<QueuedJob> queue = queues.next();
                for (QueuedJob q : queue) {
                    if (q.id().equals(id)) {
                        queue.remove(q);
                        if (queue.isEmpty()) {
                            queues.remove();
                        }
                        return q;
                    }
                }
            }
        }
        return null;
    }

    boolean isWaiting(JobId id) {
        return waiting().anyMatch(q -> q.id().equals(id));
    }

    Set<JobId> waitingIds() {
        Set<JobId> ids = new HashSet<>();
        waiting().forEach(q -> ids.add(q.id()));
        return ids;
    }

    /** How many jobs of each tenant wait, over all pools; tenants with none are absent. */
    Map<String, Integer> waitingByTenant() {
        Map<String, Integer> counts = new HashMap<>();
        pools.values().forEach(p -> p.byTenant.forEach((tenant, q) -> counts.merge(tenant, q.size(), Integer::sum)));
        return counts;
    }

    /**
     * The best waiting job, by priority then arrival, among pools below their cap and tenants that
     * {@code mayStart}; now counted as running in its pool. Null when there is none: the jobs of a
     * tenant at its cap stay where they are, and cost one look per pool until a slot of its frees.
     */
    QueuedJob takeBest(Predicate<String> mayStart) {
        Pool bestPool = null;
        PriorityQueue<QueuedJob> best = null;
        for (Pool p : pools.values()) {
            if (p.running >= p.maxRunning) {
                continue;
            }
            for (Map.Entry<String, PriorityQueue<QueuedJob>> e : p.byTenant.entrySet()) {
                PriorityQueue<QueuedJob> q = e.getValue();
                if ((best == null || q.peek().compareTo(best.peek()) < 0) && mayStart.test(e.getKey())) {
                    bestPool = p;
                    best = q;
                }
            }
        }
        if (best == null) {
            return null;
        }
        QueuedJob job = best.poll();
        if (best.isEmpty()) {
            bestPool.byTenant.remove(job.tenant());
        }
        bestPool.running++;
        return job;
    }

    void finished(String pool) {
        pool(pool).running--;
    }

    List<AdmissionSnapshot.PoolSnapshot> snapshot() {
        List<AdmissionSnapshot.PoolSnapshot> perPool = new ArrayList<>();
        pools.forEach((name, p) -> perPool.add(new AdmissionSnapshot.PoolSnapshot(
                name,
                p.maxRunning,
                p.running,
                p.byTenant.values().stream().mapToInt(PriorityQueue::size).sum())));
        return perPool;
    }

    private java.util.stream.Stream<QueuedJob> waiting() {
        return pools.values().stream()
                .flatMap(p -> p.byTenant.values().stream())
                .flatMap(PriorityQueue::stream);
    }

    private Pool pool(String name) {
        Pool p = pools.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown pool " + name);
        }
        return p;
    }

    private static final class Pool {
        private final int maxRunning;
        /** Only tenants with a job waiting; each queue is non-empty. */
        private final Map<String, PriorityQueue<QueuedJob>> byTenant = new LinkedHashMap<>();

        private int running;

        private Pool(int maxRunning) {
            this.maxRunning = maxRunning;
        }
    }
}
