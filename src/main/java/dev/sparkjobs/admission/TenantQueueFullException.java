package dev.sparkjobs.admission;

import java.time.Duration;

/**
 * The tenant has as many jobs waiting as it may; other tenants may still submit. A {@link
 * QueueFullException} whose {@link #maxQueued} is the tenant's cap.
 */
public class TenantQueueFullException extends QueueFullException {

    private final String tenant;

    TenantQueueFullException(String tenant, int waiting, int limit, Duration retryAfter) {
        super(
                "tenant '" + tenant + "' has " + waiting + " jobs waiting, its limit (max-queued " + limit
                        + "); retry in " + retryAfter.toSeconds() + " s",
                limit,
                retryAfter);
        this.tenant = tenant;
    }

    public String tenant() {
        return tenant;
    }

    /** The tenant's queue cap. */
    public int limit() {
        return maxQueued();
    }
}
