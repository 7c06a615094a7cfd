package dev.sparkjobs.admission;

import dev.sparkjobs.job.JobId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which waiting jobs start now, walking them best first (priority, then arrival). The rules, in the
 * order they apply to each job:
 *
 * <ol>
 *   <li><b>Tables.</b> A job whose writes conflict with a running job's waits, holding nothing, and the
 *       jobs behind it walk on (no head-of-line blocking). It also blocks the jobs behind it whose
 *       writes conflict with its own, so that a stream of MERGEs cannot keep an OPTIMIZE waiting for
 *       ever: the table goes to whoever waits longest, as a write-preferring lock does.
 *   <li><b>Pool and tenant.</b> A job heavier than what its pool (or tenant) has left keeps that room:
 *       no later job of the same pool (or tenant) starts before it, so lighter jobs cannot starve it;
 *       other pools and tenants walk on.
 *   <li><b>Global.</b> A job heavier than what is left overall keeps all of it: nothing behind it
 *       starts until it has. The walk goes on only to tell table waiters why they wait.
 * </ol>
 *
 * Once nothing more can start ({@link WalkStop}: no room overall, or every pool and tenant pair with
 * jobs left to read blocked by its pool or its tenant), the walk reads only the jobs that write
 * tables: the others neither start nor wait for a table, so a deep queue of them costs a walk
 * nothing. Jobs that surely wait for a table (their writes conflict with a running job's, or with
 * another such waiter's ahead of them) do not keep the walk going.
 *
 * Not thread-safe: {@link AdmissionController}'s lock guards it and the state it reads.
 */
final class LaunchWalk {

    private final PoolQueues pools;
    private final TenantLoads tenants;
    private final TableHolds holds;

    LaunchWalk(PoolQueues pools, TenantLoads tenants, TableHolds holds) {
        this.pools = pools;
        this.tenants = tenants;
        this.holds = holds;
    }

    /**
     * Takes the jobs that start, each now counted by its pool and tenant and holding its tables.
     *
     * @param freeUnits weight left under the global cap
     * @param freeThreads jobs that may still start, by the thread cap
     * @param waitingFor filled with the reason of each job that waits for a table
     */
    List<QueuedJob> take(int freeUnits, int freeThreads, Map<JobId, String> waitingFor) {
        List<QueuedJob> start = new ArrayList<>();
        List<QueuedJob> tableWaiters = new ArrayList<>();
        boolean full = freeUnits <= 0 || freeThreads <= 0;
        Map<JobId, String> reasons = new HashMap<>();
        QueuedJob job = pools.first();
        if (job != null && !full) {
            Set<QueuedJob> sureWaiters = sureTableWaiters();
            WalkStop stop = new WalkStop(pools, tenants, sureWaiters, freeUnits);
            // every job until nothing more can start; from there on only jobs that write, for their reasons
            while (job != null && !full && !stop.nothingCanStart()) {
                if (!waitsForTable(job, tableWaiters, reasons)
                        && !stop.poolFull(job.pool())
                        && !stop.tenantFull(job.tenant())) {
                    if (!pools.fits(job)) {
                        stop.fillPool(job.pool());
                    } else if (!tenants.fits(job)) {
                        stop.fillTenant(job.tenant());
                    } else if (job.units() > freeUnits) {
                        full = true;
                    } else {
                        pools.start(job);
                        tenants.started(job);
                        holds.hold(job);
                        start.add(job);
                        freeUnits -= job.units();
                        freeThreads--;
                        full = freeUnits <= 0 || freeThreads <= 0;
                        stop.started(freeUnits);
                    }
                }
                if (!sureWaiters.contains(job)) {
                    stop.read(job);
                }
                job = pools.after(job);
            }
        }
        if (job != null) {
            for (QueuedJob writer : pools.writersFrom(job)) {
                waitsForTable(pools.read(writer), tableWaiters, reasons);
            }
        }
        waitingFor.putAll(reasons);
        return start;
    }

    /**
     * The waiting jobs that wait for a table whatever this walk starts: their writes conflict with a
     * running job's, or with those of such a job ahead of them. A walk only adds holders and waiters,
     * so each of them will wait when the walk reaches it.
     */
    private Set<QueuedJob> sureTableWaiters() {
        Set<QueuedJob> sure = Collections.newSetFromMap(new IdentityHashMap<>());
        List<QueuedJob> inOrder = new ArrayList<>();
        QueuedJob first = pools.first();
        for (QueuedJob writer : pools.writersFrom(first)) {
            pools.read(writer);
            if (holds.conflict(writer) != null || TableHolds.conflict(writer, inOrder, "", "") != null) {
                sure.add(writer);
                inOrder.add(writer);
            }
        }
        return sure;
    }

    /** Whether the job waits for a table a running or an earlier waiting job claims; if so it is noted as waiting. */
    private boolean waitsForTable(QueuedJob job, List<QueuedJob> tableWaiters, Map<JobId, String> reasons) {
        if (job.writes().isEmpty()) {
            return false;
        }
        String conflict = holds.conflict(job);
        if (conflict == null) {
            conflict = TableHolds.conflict(job, tableWaiters, "first claimed by", "waiting job");
        }
        if (conflict == null) {
            return false;
        }
        reasons.put(job.id(), conflict);
        tableWaiters.add(job);
        return true;
    }
}
