package dev.sparkjobs.joblogs;

import dev.sparkjobs.job.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines each job logs. The engine opens a buffer when an attempt starts and closes it when it
 * ends; in between, every line logged with the job's id in the MDC ({@link #MDC_JOB_ID}: the
 * attempt's own thread) lands in it through {@link JobLogAppender}. Buffers are written to the
 * store every {@code flush-interval} and at the attempt's end; reads see stored and buffered lines.
 */
public final class JobLogs {

    /** The MDC key the engine sets on a job's thread while it works on that job. */
    public static final String MDC_JOB_ID = "jobId";

    private static final Logger log = LoggerFactory.getLogger(JobLogs.class);

    private final Map<String, JobLogBuffer> buffers = new ConcurrentHashMap<>();
    private final JobLogStore store;
    private final LogsProperties properties;

    public JobLogs(JobLogStore store, LogsProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /**
     * From now on the job's lines are kept, numbered after those of its earlier attempts. A store
     * that cannot be read leaves this attempt's lines uncaptured (its start would have failed first).
     */
    public void open(JobId id, int attempt) {
        try {
            JobLogBuffer buffer = new JobLogBuffer(
                    id,
                    attempt,
                    store.nextSeq(id),
                    store.dropped(id),
                    properties.maxLinesPerJob(),
                    properties.maxLineLength());
            buffers.put(id.toString(), buffer);
        } catch (RuntimeException e) {
            log.warn("lines of job {} attempt {} are not kept: {}", id, attempt, e.toString());
        }
    }

    /** Writes what the attempt logged and stops keeping its lines. */
    public void close(JobId id, int attempt) {
        JobLogBuffer buffer = buffers.get(id.toString());
        if (buffer != null && buffer.attempt == attempt) {
            flush(buffer);
            buffers.remove(id.toString(), buffer);
        }
    }

    /** A line logged with {@code jobId} in the MDC; ignored unless that job's attempt is open here. */
    void append(String jobId, Instant time, String level, String logger, String message) {
        JobLogBuffer buffer = buffers.get(jobId);
        if (buffer != null) {
            buffer.add(time, level, logger, message);
        }
    }

    /** Writes every open buffer; one whose write fails keeps its lines for the next flush. */
    void flushAll() {
        buffers.values().forEach(this::flush);
    }

    private void flush(JobLogBuffer buffer) {
        synchronized (buffer.flushing) {
            JobLogBuffer.Batch batch = buffer.batch();
            if (batch == null) {
                return;
            }
            try {
                store.append(buffer.id, batch.lines(), batch.droppedSoFar());
                buffer.stored(batch);
            } catch (RuntimeException e) {
                log.warn("lines of job {} could not be stored yet: {}", buffer.id, e.toString());
            }
        }
    }

    /**
     * Up to {@code limit} lines of the job from seq {@code offset} on: the buffer is read before the
     * store, so a line being flushed meanwhile is found in one or both, never in neither.
     */
    public JobLogPage read(JobId id, long offset, int limit) {
        JobLogBuffer buffer = buffers.get(id.toString());
        List<JobLogLine> buffered = buffer == null ? List.of() : buffer.from(offset, limit);
        long dropped = buffer == null ? -1 : buffer.dropped();
        TreeMap<Long, JobLogLine> lines = new TreeMap<>();
        store.read(id, offset, limit).forEach(l -> lines.put(l.seq(), l));
        buffered.forEach(l -> lines.putIfAbsent(l.seq(), l));
        List<JobLogLine> page = lines.values().stream().limit(limit).toList();
        long next = page.isEmpty() ? offset : page.get(page.size() - 1).seq() + 1;
        return new JobLogPage(page, next, dropped >= 0 ? dropped : store.dropped(id));
    }

    /** Attempts whose lines are kept now. */
    public int openBuffers() {
        return buffers.size();
    }
}
