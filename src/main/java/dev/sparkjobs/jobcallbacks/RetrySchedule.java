package dev.sparkjobs.jobcallbacks;

import java.time.Duration;

/**
 * When to try a callback again, and when to give up: delays double from {@code initialBackoff} up to
 * {@code maxBackoff}; at most {@code maxAttempts} tries.
 */
public record RetrySchedule(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** What one attempt's answer means for the delivery. */
    public enum Verdict {
        DELIVERED,
        RETRY,
        GIVE_UP
    }

    /**
     * @param attemptsMade tries so far, including the one just judged
     * @param statusCode its answer, or null for none (a connection error, a timeout)
     */
    public Verdict judge(int attemptsMade, Integer statusCode) {
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            return Verdict.DELIVERED;
        }
        if (statusCode != null && !retryable(statusCode)) {
            return Verdict.GIVE_UP;
        }
        return attemptsMade >= maxAttempts ? Verdict.GIVE_UP : Verdict.RETRY;
    }

    /** The wait before the next try, after {@code attemptsMade} tries. */
    public Duration delayAfter(int attemptsMade) {
        int doublings = Math.max(0, Math.min(attemptsMade - 1, 30));
        var delay = initialBackoff.multipliedBy(1L << doublings);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    // a redirect is not followed (it would bypass the host rules) and other 4xx mean the request
    // itself is wrong: neither changes on a retry; 408, 429 and 5xx may
    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
