package dev.sparkjobs.progress;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * An event of ours posted on Spark's listener bus behind everything already posted: once the listener
 * has it, it has had every event Spark posted before it (one queue, delivered in order). Not written
 * to Spark's event log.
 */
final class BusMarker implements SparkListenerEvent {

    private final Object board;
    private final CountDownLatch delivered = new CountDownLatch(1);

    /** @param board the board whose listener is to take it; another board's listener passes it by */
    BusMarker(Object board) {
        this.board = board;
    }

    boolean isFor(Object board) {
        return this.board == board;
    }

    void delivered() {
        delivered.countDown();
    }

    /** Whether the listener had it within {@code limit}; false when the thread is interrupted. */
    boolean await(Duration limit) {
        try {
            return delivered.await(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean logEvent() {
        return false;
    }
}
