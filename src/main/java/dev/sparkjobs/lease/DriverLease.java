package dev.sparkjobs.lease;

import java.time.Instant;

/**
 * The right to run jobs from one database: held by one service instance at a time, for as long as
 * it renews it before {@code expiresAt}. An instance that stops renewing (a crash, a pause) loses
 * it once it expires, and another may take it over.
 */
public interface DriverLease {

    /**
     * Takes the lease if nobody holds it, its holder let it expire, or {@code owner} holds it already.
     *
     * @return true when {@code owner} holds it until {@code expiresAt}
     */
    boolean tryAcquire(String owner, Instant now, Instant expiresAt);

    /** @return false when {@code owner} does not hold it any more */
    boolean renew(String owner, Instant expiresAt);

    /** Gives it up, if {@code owner} holds it. */
    void release(String owner);

    /** Who holds it now, if anyone. */
    java.util.Optional<String> holder();
}
