package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every pool's waiting jobs (by priority, then arrival, one queue per tenant) and the weight of its
 * jobs running. Not thread-safe: {@link AdmissionController}'s lock guards it.
 */
final class PoolQueues {

    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private long sequence;

    PoolQueues(AdmissionProperties properties) {
        properties
                .poolNames()
                .forEach(name -> pools.put(name, new Pool(properties.poolMaxRunning(name) * QueuedJob.UNITS)));
    }

    boolean knows(String pool) {
        return pools.containsKey(pool);
    }

    List<String> names() {
        return List.copyOf(pools.keySet());
    }

    void add(Demand demand) {
        pool(demand.pool())
                .byTenant
                .computeIfAbsent(demand.tenant(), t -> new TreeSet<>())
                .add(QueuedJob.of(demand, sequence++));
    }

    /** @return the job taken out, or null when it was not waiting */
    QueuedJob remove(JobId id) {
        for (Pool p : pools.values()) {
            for (Iterator<TreeSet<QueuedJob>> queues = p.byTenant.values().iterator(); queues.hasNext(); ) {
                TreeSet<QueuedJob> queue = queues.next();
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

    /** Every waiting job, best first: by priority, then arrival, across pools and tenants. */
    List<QueuedJob> inRankOrder() {
        return waiting().sorted().toList();
    }

    /** Whether the job's weight fits in what its pool has left. */
    boolean fits(QueuedJob job) {
        Pool p = pool(job.pool());
        return p.used + job.units() <= p.cap;
    }

    /** Takes the waiting job out of its queue: it starts, and counts toward its pool. */
    void start(QueuedJob job) {
        Pool p = pool(job.pool());
        TreeSet<QueuedJob> queue = p.byTenant.get(job.tenant());
        queue.remove(job);
        if (queue.isEmpty()) {
            p.byTenant.remove(job.tenant());
        }
        p.used += job.units();
        p.running++;
    }

    void finished(QueuedJob job) {
        Pool p = pool(job.pool());
        p.used -= job.units();
        p.running--;
    }

    List<AdmissionSnapshot.PoolSnapshot> snapshot() {
        List<AdmissionSnapshot.PoolSnapshot> perPool = new ArrayList<>();
        pools.forEach((name, p) -> perPool.add(new AdmissionSnapshot.PoolSnapshot(
                name,
                p.cap / QueuedJob.UNITS,
                p.running,
                p.byTenant.values().stream().mapToInt(TreeSet::size).sum(),
                QueuedJob.weight(p.used))));
        return perPool;
    }

    private Stream<QueuedJob> waiting() {
        return pools.values().stream()
                .flatMap(p -> p.byTenant.values().stream())
                .flatMap(TreeSet::stream);
    }

    private Pool pool(String name) {
        Pool p = pools.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown pool " + name);
        }
        return p;
    }

    private static final class Pool {
        /** Its cap, in weight units. */
        private final int cap;
        /** Only tenants with a job waiting; each queue is non-empty. */
        private final Map<String, TreeSet<QueuedJob>> byTenant = new LinkedHashMap<>();

        private int used;
        private int running;

        private Pool(int cap) {
            this.cap = cap;
        }
    }
}
