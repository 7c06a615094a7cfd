package dev.sparkjobs.admission;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.QueuedEntry;
import dev.sparkjobs.job.TableWrite;
import java.util.List;
import java.util.Objects;

/**
 * What admission needs of a job to place it: whose it is, where it runs, how urgent and how heavy it
 * is, and which tables it writes.
 *
 * @param weight its share of the running capacity (1 for a typical job)
 */
public record Demand(JobId id, String tenant, String pool, int priority, double weight, List<TableWrite> writes) {

    public Demand {
        Objects.requireNonNull(id, "id");
        writes = writes == null ? List.of() : List.copyOf(writes);
    }

    /** A job of weight 1 that declares no writes. */
    public Demand(JobId id, String tenant, String pool, int priority) {
        this(id, tenant, pool, priority, JobSpec.DEFAULT_WEIGHT, List.of());
    }

    public static Demand of(Job job) {
        JobSpec spec = job.spec();
        return new Demand(job.id(), job.owner().tenant(), spec.pool(), spec.priority(), spec.weight(), spec.writes());
    }

    public static Demand of(QueuedEntry entry) {
        return new Demand(entry.id(), entry.tenant(), entry.pool(), entry.priority(), entry.weight(), entry.writes());
    }
}
