package dev.sparkjobs.job;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a job that did not succeed runs again. Attempt {@code n + 1} waits {@code backoff × 2^(n-1)},
 * capped at {@code maxBackoff}, with jitter: a random point in the upper half of that delay, so that
 * jobs failing together do not retry together.
 *
 * @param maxRetries attempts after the first; 0 runs a job once
 * @param on which endings are retried
 */
public record RetryPolicy(int maxRetries, Duration backoff, Duration maxBackoff, Set<RetryOn> on) {

    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Set.of());

    /** Endings a policy may retry. Cancelled jobs are never retried. */
    public enum RetryOn {
        /** The work threw. */
        FAILED,
        /** The work ran past the job's timeout. */
        TIMED_OUT,
        /** The service stopped or crashed while the job ran. */
        DRIVER_RESTART
    }

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        on = on == null || on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
        if (maxRetries < 0 || backoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("retries and delays cannot be negative");
        }
    }

    /** Whether attempt {@code attempt} (1 for the first run), having ended by {@code cause}, is retried. */
    public boolean retries(int attempt, RetryOn cause) {
        return attempt <= maxRetries && on.contains(cause);
    }

    /**
     * The wait before attempt {@code nextAttempt} (2 or more).
     *
     * @param random a number in [0, 1): the jitter
     */
    public Duration delayBefore(int nextAttempt, double random) {
        if (backoff.isZero()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(nextAttempt - 2, 30);
        Duration full = backoff.multipliedBy(1L << doublings);
        if (full.compareTo(maxBackoff) > 0 || full.isNegative()) {
            full = maxBackoff;
        }
        long halfMillis = full.toMillis() / 2;
        return Duration.ofMillis(full.toMillis() - halfMillis + (long) (random * halfMillis));
    }
}
