package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.TableWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The launch walk, which stops reading once nothing more can start, decides as a walk that reads
 * every waiting job does: the same jobs start, in the same order, and the same jobs wait for a table
 * for the same reason. Checked over many random queues with pool and tenant caps, weights,
 * priorities and table writes, each walked a few times as jobs finish and arrive.
 */
class LaunchWalkTest {

    private static final List<String> POOLS = List.of("default", "etl", "adhoc");
    private static final List<String> TENANTS = List.of("t0", "t1", "t2", "t3");
    private static final double[] WEIGHTS = {0.25, 0.5, 1.0, 1.0, 1.0, 2.0};
    private static final TableWrite.Kind[] KINDS = {
        TableWrite.Kind.MERGE, TableWrite.Kind.APPEND, TableWrite.Kind.OPTIMIZE, TableWrite.Kind.DELETE
    };

    @Test
    void startsAndTableReasonsMatchAWalkOfEveryJob() {
        long reads = 0;
        long referenceReads = 0;
        for (long seed = 0; seed < 3_000; seed++) {
            Random random = new Random(seed);
            AdmissionProperties properties = properties(random);
            World world = new World(properties);
            World reference = new World(properties);
            int depth = random.nextInt(60);
            List<Demand> running = demands(random, random.nextInt(8));
            List<Demand> waiting = demands(random, depth);
            world.setUp(running, waiting);
            reference.setUp(running, waiting);
            for (int round = 0; round < 4; round++) {
                Walked got = world.walk(false);
                Walked expected = reference.walk(true);
                assertThat(got.started())
                        .as("seed %d round %d: started", seed, round)
                        .isEqualTo(expected.started());
                assertThat(got.reasons())
                        .as("seed %d round %d: table reasons", seed, round)
                        .isEqualTo(expected.reasons());
                int finishing = random.nextInt(3);
                for (int i = 0; i < finishing && !world.running.isEmpty(); i++) {
                    int index = random.nextInt(world.running.size());
                    world.finish(index);
                    reference.finish(index);
                }
                for (Demand more : demands(random, random.nextInt(4))) {
                    world.queues.add(more);
                    reference.queues.add(more);
                }
            }
            reads += world.queues.jobsRead();
            referenceReads += reference.queues.jobsRead();
        }
        assertThat(reads).as("the walk stops early somewhere").isLessThan(referenceReads);
    }

    private static AdmissionProperties properties(Random random) {
        int maxRunning = 1 + random.nextInt(6);
        Map<String, AdmissionProperties.Pool> pools = new HashMap<>();
        for (String pool : POOLS.subList(1, POOLS.size())) {
            Integer cap = random.nextBoolean() ? null : 1 + random.nextInt(maxRunning);
            pools.put(pool, new AdmissionProperties.Pool(cap, 1, 0));
        }
        Map<String, AdmissionProperties.Tenant> tenants = new HashMap<>();
        for (String tenant : TENANTS) {
            Integer cap = random.nextInt(3) == 0 ? null : 1 + random.nextInt(maxRunning);
            tenants.put(tenant, new AdmissionProperties.Tenant(cap, null, List.of()));
        }
        int maxThreads = maxRunning + random.nextInt(4);
        return new AdmissionProperties(
                maxRunning, 1_000_000, Duration.ofSeconds(9), pools, tenants, null, null, null, maxThreads);
    }

    private static List<Demand> demands(Random random, int n) {
        List<Demand> demands = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<TableWrite> writes = new ArrayList<>();
            if (random.nextInt(3) == 0) {
                int tables = 1 + random.nextInt(2);
                for (int w = 0; w < tables; w++) {
                    writes.add(new TableWrite("db.t" + random.nextInt(3), KINDS[random.nextInt(KINDS.length)]));
                }
            }
            demands.add(new Demand(
                    JobId.random(),
                    TENANTS.get(random.nextInt(TENANTS.size())),
                    POOLS.get(random.nextInt(POOLS.size())),
                    random.nextInt(3),
                    WEIGHTS[random.nextInt(WEIGHTS.length)],
                    writes));
        }
        return demands;
    }

    private record Walked(List<JobId> started, Map<JobId, String> reasons) {}

    /** The admission state a walk reads, as the controller keeps it. */
    private static final class World {
        private final AdmissionProperties properties;
        private final PoolQueues queues;
        private final TenantLoads tenants;
        private final TableHolds holds = new TableHolds();
        private final LaunchWalk walk;
        private final List<QueuedJob> running = new ArrayList<>();
        private int used;

        private World(AdmissionProperties properties) {
            this.properties = properties;
            this.queues = new PoolQueues(properties);
            this.tenants = new TenantLoads(properties);
            this.walk = new LaunchWalk(queues, tenants, holds);
        }

        /** Starts the running jobs whatever the caps say (caps may have been lowered since), then queues the rest. */
        private void setUp(List<Demand> runningJobs, List<Demand> waiting) {
            for (Demand demand : runningJobs) {
                queues.add(demand);
                QueuedJob job = queues.first();
                queues.start(job);
                tenants.started(job);
                holds.hold(job);
                running.add(job);
                used += job.units();
            }
            waiting.forEach(queues::add);
        }

        private void finish(int index) {
            QueuedJob job = running.remove(index);
            queues.finished(job);
            tenants.finished(job);
            holds.release(job);
            used -= job.units();
        }

        private Walked walk(boolean everyJob) {
            int freeUnits = properties.effectiveMaxRunning() * QueuedJob.UNITS - used;
            int freeThreads = properties.effectiveMaxThreads() - running.size();
            Map<JobId, String> reasons = new HashMap<>();
            List<QueuedJob> started = everyJob
                    ? walkEveryJob(freeUnits, freeThreads, reasons)
                    : walk.take(freeUnits, freeThreads, reasons);
            for (QueuedJob job : started) {
                running.add(job);
                used += job.units();
            }
            return new Walked(started.stream().map(QueuedJob::id).toList(), reasons);
        }

        /** The rules of {@link LaunchWalk}, applied to every waiting job in rank order. */
        private List<QueuedJob> walkEveryJob(int freeUnits, int freeThreads, Map<JobId, String> reasons) {
            List<QueuedJob> inOrder = new ArrayList<>();
            for (QueuedJob job = queues.first(); job != null; job = queues.after(job)) {
                inOrder.add(job);
            }
            List<QueuedJob> start = new ArrayList<>();
            List<QueuedJob> tableWaiters = new ArrayList<>();
            Set<String> fullPools = new HashSet<>();
            Set<String> fullTenants = new HashSet<>();
            boolean full = freeUnits <= 0 || freeThreads <= 0;
            Map<JobId, String> found = new LinkedHashMap<>();
            for (QueuedJob job : inOrder) {
                String conflict = job.writes().isEmpty() ? null : holds.conflict(job);
                if (conflict == null && !job.writes().isEmpty()) {
                    conflict = TableHolds.conflict(job, tableWaiters, "first claimed by", "waiting job");
                }
                if (conflict != null) {
                    found.put(job.id(), conflict);
                    tableWaiters.add(job);
                } else if (full || fullPools.contains(job.pool()) || fullTenants.contains(job.tenant())) {
                    // waits behind a full pool, tenant or driver
                } else if (!queues.fits(job)) {
                    fullPools.add(job.pool());
                } else if (!tenants.fits(job)) {
                    fullTenants.add(job.tenant());
                } else if (job.units() > freeUnits) {
                    full = true;
                } else {
                    queues.start(job);
                    tenants.started(job);
                    holds.hold(job);
                    start.add(job);
                    freeUnits -= job.units();
                    freeThreads--;
                    full = freeUnits <= 0 || freeThreads <= 0;
                }
            }
            reasons.putAll(found);
            return start;
        }
    }
}
