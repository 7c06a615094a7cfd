package dev.sparkjobs.watch;

import java.time.Duration;

/** Every event stream the service allows is open. */
public class TooManyStreamsException extends RuntimeException {

    private final int maxStreams;
    private final Duration retryAfter;

    TooManyStreamsException(int maxStreams, Duration retryAfter) {
        super(maxStreams + " event streams are open, the most this service allows; retry later or poll the job");
        this.maxStreams = maxStreams;
        this.retryAfter = retryAfter;
    }

    public int maxStreams() {
        return maxStreams;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
