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
 * <p>A Delta conflict ({@link RetryOn#DELTA_CONFLICT}) has a budget of its own, {@code conflicts}: the
 * conflict wrote nothing, so a job that is a single write is retried on it even when it retries
 * nothing else; the job's own {@code maxRetries} is not spent on it.
 *
 * @param maxRetries attempts after the first; 0 runs a job once
 * @param on which endings are retried
 * @param conflicts retries of Delta conflicts; {@link Conflicts#NONE} for a job not safe to repeat
 */
public record RetryPolicy(int maxRetries, Duration backoff, Duration maxBackoff, Set<RetryOn> on, Conflicts conflicts) {

    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Set.of());

    /**
     * Retries of Delta commit conflicts.
     *
     * @param maxRetries conflicts retried, over the job's life
     * @param backoff the delay before the first, doubled for each one after (capped by the policy's maxBackoff)
     */
    public record Conflicts(int maxRetries, Duration backoff) {
        public static final Conflicts NONE = new Conflicts(0, Duration.ZERO);

        public Conflicts {
            Objects.requireNonNull(backoff, "backoff");
            if (maxRetries < 0 || backoff.isNegative()) {
                throw new IllegalArgumentException("conflict retries and backoff cannot be negative");
            }
        }
    }

    /** Endings a policy may retry. Cancelled jobs are never retried. */
    public enum RetryOn {
        /** The work threw. */
        FAILED,
        /** The work ran past the job's timeout. */
        TIMED_OUT,
        /** The service stopped or crashed while the job ran. */
        DRIVER_RESTART,
        /**
         * Delta refused the job's commit because another commit changed what it read (a {@code
         * ConcurrentModificationException}); nothing was written. Retried only for jobs safe to repeat.
         */
        DELTA_CONFLICT
    }

    /** A policy that retries no Delta conflict. */
    public RetryPolicy(int maxRetries, Duration backoff, Duration maxBackoff, Set<RetryOn> on) {
        this(maxRetries, backoff, maxBackoff, on, Conflicts.NONE);
    }

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        on = on == null || on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
        conflicts = conflicts == null ? Conflicts.NONE : conflicts;
        if (maxRetries < 0 || backoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("retries and delays cannot be negative");
        }
    }

    /** Whether attempt {@code attempt} (1 for the first run), having ended by {@code cause}, is retried. */
    public boolean retries(int attempt, RetryOn cause) {
        return cause != RetryOn.DELTA_CONFLICT && attempt <= maxRetries && on.contains(cause);
    }

    /** Whether a job whose {@code conflict}-th Delta conflict (1 for the first) just ended an attempt is retried. */
    public boolean retriesConflict(int conflict) {
        return on.contains(RetryOn.DELTA_CONFLICT) && conflict <= conflicts.maxRetries();
    }

    /**
     * The wait after the job's {@code conflict}-th Delta conflict (1 for the first): the conflicts'
     * backoff doubled per conflict, capped and jittered as {@link #delayBefore}.
     */
    public Duration delayAfterConflict(int conflict, double random) {
        return jittered(conflicts.backoff(), conflict + 1, random);
    }

    /**
     * The wait before attempt {@code nextAttempt} (2 or more).
     *
     * @param random a number in [0, 1): the jitter
     */
    public Duration delayBefore(int nextAttempt, double random) {
        return jittered(backoff, nextAttempt, random);
    }

    private Duration jittered(Duration backoff, int nextAttempt, double random) {
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
