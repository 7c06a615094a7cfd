package dev.sparkjobs.progress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The running sums of one attempt's cost. Written by the listener bus's thread, read by anyone: each
 * figure stands alone, so a snapshot may be a task ahead in one figure, never torn within one.
 */
final class CostCounters {

    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong runMillis = new AtomicLong();
    private final AtomicLong gcMillis = new AtomicLong();
    private final AtomicLong inputBytes = new AtomicLong();
    private final AtomicLong inputRows = new AtomicLong();
    private final AtomicLong outputBytes = new AtomicLong();
    private final AtomicLong outputRows = new AtomicLong();
    private final AtomicLong shuffleReadBytes = new AtomicLong();
    private final AtomicLong shuffleWriteBytes = new AtomicLong();
    private final AtomicLong peakExecutionMemory = new AtomicLong();

    void add(TaskReading r) {
        tasks.incrementAndGet();
        cpuNanos.addAndGet(r.cpuNanos);
        runMillis.addAndGet(r.runMillis);
        gcMillis.addAndGet(r.gcMillis);
        inputBytes.addAndGet(r.inputBytes);
        inputRows.addAndGet(r.inputRows);
        outputBytes.addAndGet(r.outputBytes);
        outputRows.addAndGet(r.outputRows);
        shuffleReadBytes.addAndGet(r.shuffleReadBytes);
        shuffleWriteBytes.addAndGet(r.shuffleWriteBytes);
        peakExecutionMemory.accumulateAndGet(r.peakExecutionMemory, Math::max);
    }

    JobCost snapshot() {
        return new JobCost(
                tasks.get(),
                cpuNanos.get(),
                runMillis.get(),
                gcMillis.get(),
                inputBytes.get(),
                inputRows.get(),
                outputBytes.get(),
                outputRows.get(),
                shuffleReadBytes.get(),
                shuffleWriteBytes.get(),
                peakExecutionMemory.get());
    }
}
