package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Every pool's waiting jobs (by priority, then arrival) and how many of its jobs run. Not thread-safe:
 * {@link AdmissionController}'s lock guards it.
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
        pool(pool).waiting.add(new QueuedJob(id, tenant, pool, priority, sequence++));
    }

    /** @return false when the job was not waiting */
    boolean remove(JobId id) {
        for (Pool p : pools.values()) {
            if (p.waiting.removeIf(q -> q.id().equals(id))) {
                return true;
            }
        }
        return false;
    }

    boolean isWaiting(JobId id) {
        for (Pool p : pools.values()) {
            for (QueuedJob q : p.waiting) {
                if (q.id().equals(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    Set<JobId> waitingIds() {
        Set<JobId> ids = new HashSet<>();
        pools.values().forEach(p -> p.waiting.forEach(q -> ids.add(q.id())));
        return ids;
    }

    /** The best waiting job among pools below their cap, now counted as running in its pool; or null. */
    QueuedJob takeBest() {
        Pool best = null;
        for (Pool p : pools.values()) {
            if (p.running < p.maxRunning
                    && !p.waiting.isEmpty()
                    && (best == null || p.waiting.peek().compareTo(best.waiting.peek()) < 0)) {
                best = p;
            }
        }
        if (best == null) {
            return null;
        }
        best.running++;
        return best.waiting.poll();
    }

    void finished(String pool) {
        pool(pool).running--;
    }

    List<AdmissionSnapshot.PoolSnapshot> snapshot() {
        List<AdmissionSnapshot.PoolSnapshot> perPool = new ArrayList<>();
        pools.forEach((name, p) ->
                perPool.add(new AdmissionSnapshot.PoolSnapshot(name, p.maxRunning, p.running, p.waiting.size())));
        return perPool;
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
        private final PriorityQueue<QueuedJob> waiting = new PriorityQueue<>();
        private int running;

        private Pool(int maxRunning) {
            this.maxRunning = maxRunning;
        }
    }
}
