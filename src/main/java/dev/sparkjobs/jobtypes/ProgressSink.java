package dev.sparkjobs.jobtypes;

/** Where a running job's own progress reports ({@code JobContext.progress}) go. */
@FunctionalInterface
public interface ProgressSink {

    ProgressSink NONE = (step, done, total) -> {};

    void report(String step, long done, long total);
}
