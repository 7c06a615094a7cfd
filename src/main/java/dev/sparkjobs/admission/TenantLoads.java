package dev.sparkjobs.admission;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Each tenant's running jobs (their number and weight) and queue places taken, against its caps: the
 * running cap counts weight, the queue cap jobs. Not thread-safe: {@link AdmissionController}'s lock
 * guards it. Tenants with nothing running or waiting hold no entry.
 */
final class TenantLoads {

    private final AdmissionProperties properties;
    private final Map<String, Integer> running = new HashMap<>();
    /** Weight units of the tenant's running jobs. */
    private final Map<String, Integer> used = new HashMap<>();
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

    /** Whether the job's weight fits in what its tenant has left. */
    boolean fits(QueuedJob job) {
        return used.getOrDefault(job.tenant(), 0) + job.units()
                <= properties.tenantMaxRunning(job.tenant()) * QueuedJob.UNITS;
    }

    /** Weight units the tenant has left; negative when it runs more than its cap (a cap lowered since). */
    int room(String tenant) {
        return properties.tenantMaxRunning(tenant) * QueuedJob.UNITS - used.getOrDefault(tenant, 0);
    }

    /** The tenant's job left the queue for a slot. */
    void started(QueuedJob job) {
        add(reserved, job.tenant(), -1);
        add(running, job.tenant(), 1);
        add(used, job.tenant(), job.units());
    }

    void finished(QueuedJob job) {
        add(running, job.tenant(), -1);
        add(used, job.tenant(), -job.units());
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
                        waiting.getOrDefault(name, 0),
                        QueuedJob.weight(used.getOrDefault(name, 0))))
                .toList();
    }

    private static void add(Map<String, Integer> counts, String tenant, int delta) {
        counts.merge(tenant, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
