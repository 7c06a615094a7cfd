package dev.sparkjobs.job;

import java.util.Objects;

/**
 * Whose job it is: the tenant it belongs to (only that tenant's callers, and admins, ever see it) and
 * the name of the caller who submitted it.
 */
public record JobOwner(String tenant, String submittedBy) {

    /** The owner of jobs submitted to a service that authenticates nobody. */
    public static final JobOwner DEFAULT = new JobOwner("default", "anonymous");

    public JobOwner {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(submittedBy, "submittedBy");
    }
}
