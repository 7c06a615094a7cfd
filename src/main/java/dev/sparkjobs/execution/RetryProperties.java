package dev.sparkjobs.execution;

import dev.sparkjobs.job.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retry defaults: for every job type, then per type; a job's own {@code maxRetries}, {@code
 * retryBackoffSeconds} and {@code retryOn} override both.
 *
 * @param maxBackoff the cap on the exponential delay between attempts
 */
@ConfigurationProperties("jobservice.retry")
@Validated
public record RetryProperties(
        @DefaultValue Defaults defaults, Map<String, ForType> types, @DefaultValue("1h") Duration maxBackoff) {

    /**
     * @param maxRetries attempts after the first
     * @param backoff the delay before the first retry, doubled for each one after
     * @param on which endings are retried
     */
    public record Defaults(
            @DefaultValue("0") Integer maxRetries,
            @DefaultValue("30s") Duration backoff,
            @DefaultValue({"FAILED", "TIMED_OUT", "DRIVER_RESTART"}) Set<RetryPolicy.RetryOn> on) {}

    /** One job type's overrides; what is not set comes from {@link #defaults}. */
    public record ForType(Integer maxRetries, Duration backoff, Set<RetryPolicy.RetryOn> on) {}

    public RetryProperties {
        types = types == null ? Map.of() : Map.copyOf(types);
        // a bad setting must stop the start, not fail every submit
        check(defaults.maxRetries(), defaults.backoff(), "defaults");
        types.forEach((type, t) -> check(t.maxRetries(), t.backoff(), "types." + type));
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
        ForType forType = types.get(type);
        int retries = first(maxRetries, forType == null ? null : forType.maxRetries(), defaults.maxRetries());
        Duration backoff = backoffSeconds != null
                ? Duration.ofSeconds(backoffSeconds)
                : first(forType == null ? null : forType.backoff(), defaults.backoff(), Duration.ZERO);
        Set<RetryPolicy.RetryOn> endings = first(on, forType == null ? null : forType.on(), defaults.on());
        return retries == 0 ? RetryPolicy.NONE : new RetryPolicy(retries, backoff, maxBackoff, endings);
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
