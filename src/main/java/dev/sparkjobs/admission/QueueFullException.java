package dev.sparkjobs.admission;

import java.time.Duration;

/** The queue holds {@code maxQueued} jobs already; the caller should come back later. */
public class QueueFullException extends RuntimeException {

    private final int maxQueued;
    private final Duration retryAfter;

    public QueueFullException(int maxQueued, Duration retryAfter) {
        this(
                "the queue is full (" + maxQueued + " jobs waiting); retry in " + retryAfter.toSeconds() + " s",
                maxQueued,
                retryAfter);
    }

    protected QueueFullException(String message, int maxQueued, Duration retryAfter) {
        super(message);
        this.maxQueued = maxQueued;
        this.retryAfter = retryAfter;
    }

    public int maxQueued() {
        return maxQueued;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
