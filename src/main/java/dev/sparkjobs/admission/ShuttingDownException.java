package dev.sparkjobs.admission;

import java.time.Duration;

/** The service is draining before it stops and accepts no new jobs; another instance (or this one, restarted) will. */
public class ShuttingDownException extends RuntimeException {

    private final Duration retryAfter;

    public ShuttingDownException(Duration retryAfter) {
        super("the service is shutting down and accepts no new jobs; retry in " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
