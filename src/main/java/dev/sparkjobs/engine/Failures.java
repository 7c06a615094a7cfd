package dev.sparkjobs.engine;

import dev.sparkjobs.job.JobError;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

/** Turns what a job threw into the {@code error} callers see: Spark's error class and message. */
final class Failures {

    static final int MAX_MESSAGE = 4000;

    private Failures() {}

    static JobError describe(Throwable t) {
        Throwable conflict = deltaConflict(t);
        if (conflict != null) {
            return new JobError(JobError.DELTA_CONFLICT, message(conflict));
        }
        Throwable cause = sparkCause(t);
        String type = cause instanceof SparkThrowable st && st.getCondition() != null
                ? st.getCondition()
                : cause.getClass().getSimpleName();
        return new JobError(type, message(cause));
    }

    /**
     * Delta's refusal of a commit that a concurrent commit invalidated, anywhere in the cause chain
     * (Spark and a job's own code may wrap it); null when there is none. Every such exception
     * ({@code io.delta.exceptions.ConcurrentAppendException} and its siblings) extends this one base.
     */
    static Throwable deltaConflict(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DeltaConcurrentModificationException) {
                return c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** The most telling throwable: the first with a Spark error class, else the outermost. */
    private static Throwable sparkCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SparkThrowable st && st.getCondition() != null) {
                return c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return t;
    }

    /** The message without stack traces (Spark appends the executor's and the driver's). */
    static String message(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        StringBuilder out = new StringBuilder();
        for (String line : m.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("at ")
                    || trimmed.startsWith("Driver stacktrace")
                    || trimmed.startsWith("Caused by")
                    || trimmed.startsWith("...")) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(line.stripTrailing());
        }
        // a NUL (an error may quote the job's SQL) is text no PostgreSQL column takes
        String s = out.toString().strip().replace('\u0000', '\uFFFD');
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
    }
}
