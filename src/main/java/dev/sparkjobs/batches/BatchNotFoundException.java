package dev.sparkjobs.batches;

/** No such batch, or one of a tenant the caller does not see. */
public class BatchNotFoundException extends RuntimeException {

    private final boolean otherTenant;

    BatchNotFoundException(String id, boolean otherTenant) {
        super("no batch " + id);
        this.otherTenant = otherTenant;
    }

    /** The batch exists, in another tenant: worth an audit line. */
    public boolean otherTenant() {
        return otherTenant;
    }
}
