package dev.sparkjobs.execution;

/**
 * No job has this id that the caller may see: it never existed, or it belongs to another tenant. The
 * two answer alike, so that nobody learns another tenant's ids; only the audit log tells them apart.
 */
public class JobNotFoundException extends RuntimeException {

    private final boolean otherTenant;

    public JobNotFoundException(String id) {
        this(id, false);
    }

    private JobNotFoundException(String id, boolean otherTenant) {
        super("no job with id '" + id + "'");
        this.otherTenant = otherTenant;
    }

    /** The job exists, in a tenant the caller does not see. */
    public static JobNotFoundException ofOtherTenant(String id) {
        return new JobNotFoundException(id, true);
    }

    public boolean otherTenant() {
        return otherTenant;
    }
}
