package dev.sparkjobs.admission;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Each tenant's jobs running and queue places taken, against its caps. Not thread-safe: {@link
 * AdmissionController}'s lock guards it. Tenants with nothing running or waiting hold no entry.
 */
final class TenantLoads {

    private final AdmissionProperties properties;
    private final Map<String, Integer> running = new HashMap<>();
    /** Queue places: jobs waiting, and submits between their reservation and their enqueue. */
    private final Map<String, Integer> reserved = new HashMap<>();

    TenantLoads(AdmissionProperties properties) {
        this.properties = properties;
    }

    /** @throws TenantQueueFullException when the tenant holds all the places it may */
    void reserve(String tenant, Duration retryAfter) {
        int limit = properties.tenantMaxQueued(tenant);
        int taken = reserved.getOrDefault(tenant, 0);
        if (taken >= limit) {
            throw new TenantQueueFullException(tenant, taken, limit, retryAfter);
        }
        add(reserved, tenant, 1);
    }

    /** A place taken without asking: a job accepted before, queued again. */
    void restore(String tenant) {
        add(reserved, tenant, 1);
    }

    void unreserve(String tenant) {
        add(reserved, tenant, -1);
    }

    boolean mayStart(String tenant) {
        return running.getOrDefault(tenant, 0) < properties.tenantMaxRunning(tenant);
    }

    /** The tenant's job left the queue for a slot. */
    void started(String tenant) {
        add(reserved, tenant, -1);
        add(running, tenant, 1);
    }

    void finished(String tenant) {
        add(running, tenant, -1);
    }

    /** Configured tenants, then every other tenant with jobs running or waiting, by name. */
    List<AdmissionSnapshot.TenantSnapshot> snapshot(Map<String, Integer> waiting) {
        TreeSet<String> names = new TreeSet<>(properties.tenants().keySet());
        names.addAll(running.keySet());
        names.addAll(waiting.keySet());
        return names.stream()
                .map(name -> new AdmissionSnapshot.TenantSnapshot(
                        name,
                        properties.tenantMaxRunning(name),
                        properties.tenantMaxQueued(name),
                        running.getOrDefault(name, 0),
                        waiting.getOrDefault(name, 0)))
                .toList();
    }

    private static void add(Map<String, Integer> counts, String tenant, int delta) {
        counts.merge(tenant, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
