package dev.sparkjobs.admission;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Limits and what is running and waiting right now, overall, per pool and per tenant, and whether
 * starts are paused.
 *
 * @param tenants configured tenants and every other tenant with jobs running or waiting
 * @param tenantDefaults the caps of a tenant not listed in {@code tenants}
 * @param startsPaused why no job starts now, or null when jobs start as slots free
 * @param maxRunning the running capacity, in weight: jobs of weight 1 running at once
 * @param running jobs running now, however heavy
 * @param usedWeight the weight of the jobs running now, out of {@code maxRunning}
 * @param maxThreads the most jobs that run at once however light they are
 * @param weights each job type's weight; a type not listed weighs 1
 */
public record AdmissionSnapshot(
        int maxRunning,
        int maxQueued,
        int running,
        int queued,
        List<PoolSnapshot> pools,
        List<TenantSnapshot> tenants,
        TenantLimits tenantDefaults,
        StartsPaused startsPaused,
        double usedWeight,
        int maxThreads,
        Map<String, Double> weights) {

    public AdmissionSnapshot {
        pools = List.copyOf(pools);
        tenants = List.copyOf(tenants);
        weights = weights == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(weights));
    }

    /** One pool's cap (in weight) and load. */
    public record PoolSnapshot(String name, int maxRunning, int running, int queued, double usedWeight) {}

    /** One tenant's caps (its own, or the defaults, within the global ones; running in weight) and load. */
    public record TenantSnapshot(
            String name, int maxRunning, int maxQueued, int running, int queued, double usedWeight) {}

    /** A tenant's caps when it has none of its own. */
    public record TenantLimits(int maxRunning, int maxQueued) {}

    /**
     * Admission starts no job: it waits QUEUED until the reason is gone.
     *
     * @param reason what is wrong, for people
     * @param since when starts paused
     */
    public record StartsPaused(String reason, Instant since) {}

    /**
     * The view of one tenant: the same, with only that tenant's row (with no load and the default
     * caps when it has nothing running or waiting and no entry of its own). Overall and pool figures
     * stay: they tell a tenant how busy the shared driver is, not whose jobs keep it busy.
     */
    public AdmissionSnapshot forTenant(String tenant) {
        TenantSnapshot row = tenants.stream()
                .filter(t -> t.name().equals(tenant))
                .findFirst()
                .orElseGet(() ->
                        new TenantSnapshot(tenant, tenantDefaults.maxRunning(), tenantDefaults.maxQueued(), 0, 0, 0));
        return new AdmissionSnapshot(
                maxRunning,
                maxQueued,
                running,
                queued,
                pools,
                List.of(row),
                tenantDefaults,
                startsPaused,
                usedWeight,
                maxThreads,
                weights);
    }
}
