package dev.sparkjobs.admission;

import java.time.Duration;

/**
 * The service accepts no new jobs: it is draining before it stops, or it fenced itself while it
 * cannot renew its driver lease. Another instance (or this one, restarted or reconnected) will.
 */
public class ShuttingDownException extends RuntimeException {

    private final Duration retryAfter;

    public ShuttingDownException(Duration retryAfter) {
        this(
                "the service is shutting down and accepts no new jobs; retry in " + retryAfter.toSeconds() + " s",
                retryAfter);
    }

    private ShuttingDownException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** This instance fenced itself: it cannot renew its driver lease, and runs and accepts nothing until it can. */
    static ShuttingDownException fenced(Duration retryAfter) {
        return new ShuttingDownException(
                "the service accepts no new jobs while it cannot reach its job store to renew its driver lease; retry in "
                        + retryAfter.toSeconds() + " s",
                retryAfter);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
