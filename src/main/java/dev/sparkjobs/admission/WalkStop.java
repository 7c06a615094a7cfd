package dev.sparkjobs.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a {@link LaunchWalk} when nothing it has not read yet can start, so that it stops reading a
 * deep queue. It counts the unread jobs of each (pool, tenant) pair and knows which pairs are
 * blocked: their pool or tenant was found full by the walk (it keeps that room for a heavier job), or
 * the room left in their pool, their tenant or overall is less than their lightest job. A blocked
 * pair stays blocked for the rest of the walk, since the walk only takes room. The walk may stop once
 * every pair with unread jobs is blocked. Jobs that surely wait for a table are not counted: they
 * start in no case, and the walk reads every job that writes tables anyway, for its reason.
 *
 * <p>Made for one walk; not thread-safe.
 */
final class WalkStop {

    private final PoolQueues pools;
    private final TenantLoads tenants;
    private final Map<String, Map<String, Pair>> byPool = new HashMap<>();
    private final Map<String, List<Pair>> byTenant = new HashMap<>();
    private final Set<String> fullPools = new HashSet<>();
    private final Set<String> fullTenants = new HashSet<>();
    private final List<Pair> all = new ArrayList<>();
    private int freeUnits;
    /** Pairs with unread jobs that are not blocked: while any is left, a job may still start. */
    private int open;

    /**
     * @param sureTableWaiters waiting jobs that wait for a table whatever this walk starts
     * @param freeUnits weight left under the global cap
     */
    WalkStop(PoolQueues pools, TenantLoads tenants, Iterable<QueuedJob> sureTableWaiters, int freeUnits) {
        this.pools = pools;
        this.tenants = tenants;
        this.freeUnits = freeUnits;
        pools.forEachPair((pool, tenant, waiting, lightest) -> {
            Pair pair = new Pair(pool, tenant, waiting, lightest);
            byPool.computeIfAbsent(pool, p -> new HashMap<>()).put(tenant, pair);
            byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).add(pair);
            all.add(pair);
        });
        for (QueuedJob job : sureTableWaiters) {
            pair(job).unread--;
        }
        for (Pair pair : all) {
            pair.blocked = blocked(pair);
            if (pair.unread > 0 && !pair.blocked) {
                open++;
            }
        }
    }

    boolean nothingCanStart() {
        return open == 0;
    }

    boolean poolFull(String pool) {
        return fullPools.contains(pool);
    }

    boolean tenantFull(String tenant) {
        return fullTenants.contains(tenant);
    }

    /** The pool keeps its room for a job heavier than what is left: no later job of it starts. */
    void fillPool(String pool) {
        if (fullPools.add(pool)) {
            recheck(byPool.getOrDefault(pool, Map.of()).values());
        }
    }

    /** The tenant keeps its room for a job heavier than what is left: no later job of it starts. */
    void fillTenant(String tenant) {
        if (fullTenants.add(tenant)) {
            recheck(byTenant.getOrDefault(tenant, List.of()));
        }
    }

    /** A job started: its pool, its tenant and the whole have less room left. */
    void started(int unitsLeft) {
        freeUnits = unitsLeft;
        recheck(all);
    }

    /** The walk has read the job (not one of the sure table waiters). */
    void read(QueuedJob job) {
        Pair pair = pair(job);
        pair.unread--;
        if (pair.unread == 0 && !pair.blocked) {
            open--;
        }
    }

    private Pair pair(QueuedJob job) {
        return byPool.get(job.pool()).get(job.tenant());
    }

    private void recheck(Iterable<Pair> pairs) {
        for (Pair pair : pairs) {
            if (!pair.blocked && blocked(pair)) {
                pair.blocked = true;
                if (pair.unread > 0) {
                    open--;
                }
            }
        }
    }

    private boolean blocked(Pair pair) {
        return fullPools.contains(pair.pool)
                || fullTenants.contains(pair.tenant)
                || pools.room(pair.pool) < pair.lightest
                || tenants.room(pair.tenant) < pair.lightest
                || freeUnits < pair.lightest;
    }

    private static final class Pair {
        private final String pool;
        private final String tenant;
        /** Weight units of its lightest job waiting when the walk began. */
        private final int lightest;

        private int unread;
        private boolean blocked;

        private Pair(String pool, String tenant, int unread, int lightest) {
            this.pool = pool;
            this.tenant = tenant;
            this.unread = unread;
            this.lightest = lightest;
        }
    }
}
