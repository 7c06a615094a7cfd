package dev.sparkjobs.progress;

/**
 * One task's figures as its end reported them. The listener fills one instance again for every task
 * end, on the listener bus's one thread, so that counting a task allocates nothing; whoever is handed
 * it reads it at once and keeps nothing of it.
 */
final class TaskReading {

    long inputRows;
    long inputBytes;
    long outputRows;
    long outputBytes;
    long cpuNanos;
    long runMillis;
    long gcMillis;
    long shuffleReadBytes;
    long shuffleWriteBytes;
    long peakExecutionMemory;

    /** A task that sent no metrics (some failures): it counts as a task, with nothing else. */
    TaskReading clear() {
        inputRows = 0;
        inputBytes = 0;
        outputRows = 0;
        outputBytes = 0;
        cpuNanos = 0;
        runMillis = 0;
        gcMillis = 0;
        shuffleReadBytes = 0;
        shuffleWriteBytes = 0;
        peakExecutionMemory = 0;
        return this;
    }
}
