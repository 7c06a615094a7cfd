package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every pool's waiting jobs and the weight of its jobs running. The waiting jobs are held once, in
 * rank order (priority, then arrival) across pools and tenants, with an index by id, so that a walk
 * reads them best first without sorting and a lookup or removal costs no scan; jobs that write
 * tables are also kept in a set of their own, which a walk reads on its own once nothing else can
 * start. Not thread-safe: {@link AdmissionController}'s lock guards it.
 */
final class PoolQueues {

    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final TreeSet<QueuedJob> ranked = new TreeSet<>();
    private final TreeSet<QueuedJob> writers = new TreeSet<>();
    private final Map<JobId, QueuedJob> byId = new HashMap<>();
    /** Waiting jobs per tenant, over all pools; tenants with none are absent. */
    private final Map<String, Integer> waitingByTenant = new HashMap<>();
    /** Waiting jobs per pool and tenant, with their weights: what tells a walk that nothing can start. */
    private final Map<String, Map<String, PairWaiting>> waitingByPair = new HashMap<>();
    /** One string per tenant name, shared by all its queued jobs (restored jobs bring their own copies). */
    private final Map<String, String> tenantNames = new HashMap<>();

    private long sequence;
    /**
     * Waiting jobs read by walks and lookups. QueueScaleTest counts the queue's work with it, since a
     * count, unlike a time, says whether the work grows with the depth on a shared machine.
     */
    private long jobsRead;

    PoolQueues(AdmissionProperties properties) {
        properties
                .poolNames()
                .forEach(name -> pools.put(name, new Pool(name, properties.poolMaxRunning(name) * QueuedJob.UNITS)));
    }

    boolean knows(String pool) {
        return pools.containsKey(pool);
    }

    List<String> names() {
        return List.copyOf(pools.keySet());
    }

    /**
     * Queues the job unless a job of its id waits already (the same job, restored twice): a second copy
     * would start it twice and count twice in every gauge.
     *
     * @return false when it was waiting already, and nothing changed
     */
    boolean add(Demand demand) {
        if (byId.containsKey(demand.id())) {
            return false;
        }
        Pool p = pool(demand.pool());
        String tenant = tenantNames.computeIfAbsent(demand.tenant(), t -> t);
        QueuedJob job = QueuedJob.of(demand, tenant, p.name, sequence++);
        ranked.add(job);
        if (!job.writes().isEmpty()) {
            writers.add(job);
        }
        byId.put(job.id(), job);
        waitingByTenant.merge(tenant, 1, Integer::sum);
        waitingByPair
                .computeIfAbsent(p.name, n -> new HashMap<>())
                .computeIfAbsent(tenant, t -> new PairWaiting())
                .add(job.units());
        p.waiting++;
        return true;
    }

    /** @return the job taken out, or null when it was not waiting */
    QueuedJob remove(JobId id) {
        jobsRead++;
        QueuedJob job = byId.get(id);
        if (job != null) {
            takeOut(job);
        }
        return job;
    }

    boolean isWaiting(JobId id) {
        jobsRead++;
        return byId.containsKey(id);
    }

    Set<JobId> waitingIds() {
        return new HashSet<>(byId.keySet());
    }

    /** How many jobs of each tenant wait, over all pools; tenants with none are absent. */
    Map<String, Integer> waitingByTenant() {
        return new HashMap<>(waitingByTenant);
    }

    /** The best waiting job, or null when none waits. */
    QueuedJob first() {
        return read(ranked.isEmpty() ? null : ranked.first());
    }

    /** The waiting job ranked next after {@code job} (which may have left the queue since), or null. */
    QueuedJob after(QueuedJob job) {
        return read(ranked.higher(job));
    }

    /** The waiting jobs that write tables, from {@code job} on (it included, if it writes), best first. */
    NavigableSet<QueuedJob> writersFrom(QueuedJob job) {
        return writers.tailSet(job, true);
    }

    /** Counts a job a walk reads, and returns it. */
    QueuedJob read(QueuedJob job) {
        if (job != null) {
            jobsRead++;
        }
        return job;
    }

    /** What a pair of a pool and a tenant has waiting. */
    @FunctionalInterface
    interface PairVisitor {
        /**
         * @param waiting how many of its jobs wait
         * @param lightest the weight units of the lightest of them
         */
        void visit(String pool, String tenant, int waiting, int lightest);
    }

    /** Visits every pool and tenant pair with jobs waiting. */
    void forEachPair(PairVisitor visitor) {
        waitingByPair.forEach((pool, byTenant) ->
                byTenant.forEach((tenant, w) -> visitor.visit(pool, tenant, w.count, w.units.firstKey())));
    }

    /** Weight units the pool has left; negative when it runs more than its cap (a cap lowered since). */
    int room(String pool) {
        Pool p = pool(pool);
        return p.cap - p.used;
    }

    long jobsRead() {
        return jobsRead;
    }

    /** Whether the job's weight fits in what its pool has left. */
    boolean fits(QueuedJob job) {
        Pool p = pool(job.pool());
        return p.used + job.units() <= p.cap;
    }

    /** Takes the waiting job out of its queue: it starts, and counts toward its pool. */
    void start(QueuedJob job) {
        takeOut(job);
        Pool p = pool(job.pool());
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
                name, p.cap / QueuedJob.UNITS, p.running, p.waiting, QueuedJob.weight(p.used))));
        return perPool;
    }

    private void takeOut(QueuedJob job) {
        ranked.remove(job);
        if (!job.writes().isEmpty()) {
            writers.remove(job);
        }
        byId.remove(job.id());
        waitingByTenant.merge(job.tenant(), -1, (a, b) -> a + b == 0 ? null : a + b);
        Map<String, PairWaiting> byTenant = waitingByPair.get(job.pool());
        if (byTenant.get(job.tenant()).remove(job.units())) {
            byTenant.remove(job.tenant());
            if (byTenant.isEmpty()) {
                waitingByPair.remove(job.pool());
            }
        }
        pool(job.pool()).waiting--;
    }

    private Pool pool(String name) {
        Pool p = pools.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown pool " + name);
        }
        return p;
    }

    private static final class Pool {
        private final String name;
        /** Its cap, in weight units. */
        private final int cap;

        private int waiting;
        private int used;
        private int running;

        private Pool(String name, int cap) {
            this.name = name;
            this.cap = cap;
        }
    }

    /** The waiting jobs of one pool and tenant: how many, and how many of each weight. */
    private static final class PairWaiting {
        private final TreeMap<Integer, Integer> units = new TreeMap<>();
        private int count;

        private void add(int jobUnits) {
            units.merge(jobUnits, 1, Integer::sum);
            count++;
        }

        /** @return whether none is left */
        private boolean remove(int jobUnits) {
            units.merge(jobUnits, -1, (a, b) -> a + b == 0 ? null : a + b);
            return --count == 0;
        }
    }
}
