package dev.sparkjobs.joblogs;

import dev.sparkjobs.job.JobId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one running attempt not yet in the store. Lines are numbered as they come, after the
 * job's lines stored before; past the job's cap they are only counted. Any thread may add (the
 * appender runs on the thread that logs), one flush at a time takes a batch, and the batch leaves
 * the buffer only once it is stored, so a reader that looks here first and in the store second
 * never misses a line.
 */
final class JobLogBuffer {

    /** Lines to store and the job's dropped count once they are. */
    record Batch(List<JobLogLine> lines, long droppedSoFar) {}

    final JobId id;
    final int attempt;
    private final int maxLines;
    private final int maxLineLength;
    private final List<JobLogLine> pending = new ArrayList<>();
    private long nextSeq;
    private long dropped;
    private long storedDropped;

    /** Held by whoever flushes, so that two flushes never write the same batch. */
    final Object flushing = new Object();

    JobLogBuffer(JobId id, int attempt, long nextSeq, long dropped, int maxLines, int maxLineLength) {
        this.id = id;
        this.attempt = attempt;
        this.nextSeq = nextSeq;
        this.dropped = dropped;
        this.storedDropped = dropped;
        this.maxLines = maxLines;
        this.maxLineLength = maxLineLength;
    }

    synchronized void add(Instant time, String level, String logger, String message) {
        if (nextSeq >= maxLines) {
            dropped++;
            return;
        }
        pending.add(new JobLogLine(nextSeq++, attempt, time, level, cut(logger, 200), cut(message, maxLineLength)));
    }

    /** What is to be stored now, or null when nothing is. */
    synchronized Batch batch() {
        if (pending.isEmpty() && dropped == storedDropped) {
            return null;
        }
        return new Batch(List.copyOf(pending), dropped);
    }

    /** The batch is in the store: its lines leave the buffer. */
    synchronized void stored(Batch batch) {
        pending.subList(0, batch.lines().size()).clear();
        storedDropped = batch.droppedSoFar();
    }

    /** Pending lines from seq {@code offset} on, at most {@code limit}. */
    synchronized List<JobLogLine> from(long offset, int limit) {
        List<JobLogLine> lines = new ArrayList<>();
        for (JobLogLine line : pending) {
            if (line.seq() >= offset && lines.size() < limit) {
                lines.add(line);
            }
        }
        return lines;
    }

    synchronized long dropped() {
        return dropped;
    }

    /** At most {@code max} characters, and no NUL: PostgreSQL refuses it in text, and the whole batch with it. */
    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        String clean = s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }
}
