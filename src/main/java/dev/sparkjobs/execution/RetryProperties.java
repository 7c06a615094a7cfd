package dev.sparkjobs.execution;

import dev.sparkjobs.job.RetryPolicy;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retry defaults: for every job type, then per type; a job's own {@code maxRetries}, {@code
 * retryBackoffSeconds} and {@code retryOn} override both.
 *
 * @param maxBackoff the cap on the exponential delay between attempts
 * @param deltaConflicts retries of Delta commit conflicts, for jobs safe to repeat
 */
@ConfigurationProperties("jobservice.retry")
@Validated
public record RetryProperties(
        @DefaultValue Defaults defaults,
        Map<String, ForType> types,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue DeltaConflicts deltaConflicts) {

    /**
     * A Delta conflict fails a commit without writing anything, and the next try usually commits: it
     * is retried apart from a job's own {@code maxRetries}, whenever the job is a single write ({@link
     * dev.sparkjobs.jobtypes.JobType#repeatableOnConflict}) and its {@code retryOn} holds {@code
     * DELTA_CONFLICT}.
     *
     * @param maxRetries conflicts retried over a job's life; 0 retries none
     * @param backoff the delay after the first conflict, doubled after each one after (with jitter)
     */
    public record DeltaConflicts(
            @DefaultValue("3") @PositiveOrZero int maxRetries, @DefaultValue("1s") Duration backoff) {}

    /** No retries of Delta conflicts. */
    public RetryProperties(Defaults defaults, Map<String, ForType> types, Duration maxBackoff) {
        this(defaults, types, maxBackoff, new DeltaConflicts(0, Duration.ZERO));
    }

    /**
     * @param maxRetries attempts after the first
     * @param backoff the delay before the first retry, doubled for each one after
     * @param on which endings are retried
     */
    public record Defaults(
            @DefaultValue("0") Integer maxRetries,
            @DefaultValue("30s") Duration backoff,
            @DefaultValue({"FAILED", "TIMED_OUT", "DRIVER_RESTART", "DELTA_CONFLICT"}) Set<RetryPolicy.RetryOn> on) {}

    /** One job type's overrides; what is not set comes from {@link #defaults}. */
    public record ForType(Integer maxRetries, Duration backoff, Set<RetryPolicy.RetryOn> on) {}

    @ConstructorBinding
    public RetryProperties {
        types = types == null ? Map.of() : Map.copyOf(types);
        // a bad setting must stop the start, not fail every submit
        check(defaults.maxRetries(), defaults.backoff(), "defaults");
        types.forEach((type, t) -> check(t.maxRetries(), t.backoff(), "types." + type));
        deltaConflicts = deltaConflicts == null ? new DeltaConflicts(0, Duration.ZERO) : deltaConflicts;
        if (deltaConflicts.backoff().isNegative()) {
            throw new IllegalArgumentException("jobservice.retry.delta-conflicts.backoff cannot be negative");
        }
        if (maxBackoff.isNegative()) {
            throw new IllegalArgumentException("jobservice.retry.max-backoff cannot be negative");
        }
    }

    private static void check(Integer maxRetries, Duration backoff, String where) {
        if ((maxRetries != null && maxRetries < 0) || (backoff != null && backoff.isNegative())) {
            throw new IllegalArgumentException(
                    "jobservice.retry." + where + ": retries and backoff cannot be negative");
        }
    }

    /** The policy of a job of {@code type} that asked for the given values (null: not given). */
    RetryPolicy policyFor(String type, Integer maxRetries, Long backoffSeconds, Set<RetryPolicy.RetryOn> on) {
        return policyFor(type, maxRetries, backoffSeconds, on, false);
    }

    /**
     * The policy of a job of {@code type} that asked for the given values (null: not given).
     *
     * @param repeatable the job may run again after a Delta conflict
     */
    RetryPolicy policyFor(
            String type, Integer maxRetries, Long backoffSeconds, Set<RetryPolicy.RetryOn> on, boolean repeatable) {
        ForType forType = types.get(type);
        int retries = first(maxRetries, forType == null ? null : forType.maxRetries(), defaults.maxRetries());
        Duration backoff = backoffSeconds != null
                ? Duration.ofSeconds(backoffSeconds)
                : first(forType == null ? null : forType.backoff(), defaults.backoff(), Duration.ZERO);
        Set<RetryPolicy.RetryOn> endings = first(on, forType == null ? null : forType.on(), defaults.on());
        RetryPolicy.Conflicts conflicts =
                repeatable && endings.contains(RetryPolicy.RetryOn.DELTA_CONFLICT) && deltaConflicts.maxRetries() > 0
                        ? new RetryPolicy.Conflicts(deltaConflicts.maxRetries(), deltaConflicts.backoff())
                        : RetryPolicy.Conflicts.NONE;
        if (retries == 0) {
            return conflicts.maxRetries() == 0
                    ? RetryPolicy.NONE
                    : new RetryPolicy(
                            0, Duration.ZERO, maxBackoff, Set.of(RetryPolicy.RetryOn.DELTA_CONFLICT), conflicts);
        }
        return new RetryPolicy(retries, backoff, maxBackoff, endings, conflicts);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
