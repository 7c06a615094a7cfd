package dev.sparkjobs.watch;

import dev.sparkjobs.abandon.JobReads;
import dev.sparkjobs.engine.JobWaiters;
import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.progress.JobProgressService;
import dev.sparkjobs.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open event streams. No stream has a thread: one timer looks at all of them every {@code
 * progress-interval}, and each look is cheap unless something changed (a map lookup for progress,
 * a completed future for the end). The store is read only when an attempt appeared or went on this
 * instance's progress board, or every {@code state-check-interval}; the final state comes with the
 * long-polls' wake-up ({@link JobWaiters}) and needs no read.
 */
public final class JobEventStreams {

    private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final BiFunction<String, Caller, Job> jobs;
    private final JobReads reads;
    private final JobProgressService progress;
    private final JobWaiters waiters;
    private final EventsProperties properties;
    private final Clock clock;
    private final Set<JobEventStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param jobs {@link JobService#get}: the job, if the caller may see it
     * @param reads where a stream counts as a caller reading its job for as long as it is open
     */
    public JobEventStreams(
            BiFunction<String, Caller, Job> jobs,
            JobReads reads,
            JobProgressService progress,
            JobWaiters waiters,
            EventsProperties properties,
            Clock clock) {
        this.jobs = jobs;
        this.reads = reads;
        this.progress = progress;
        this.waiters = waiters;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Opens a stream of the job's events into {@code sink} and sends its first: the job as it is now
     * (the only one, when it is final already).
     *
     * @return the stream, for the caller to {@link JobEventStream#close} when its client goes away
     * @throws dev.sparkjobs.execution.JobNotFoundException also for a job of another tenant
     * @throws dev.sparkjobs.execution.NotPermittedException without the viewer role
     * @throws TooManyStreamsException when {@code max-streams} are open
     */
    public JobEventStream open(String id, Caller caller, JobEventSink sink) {
        Job job = jobs.apply(id, caller);
        if (open.incrementAndGet() > properties.maxStreams()) {
            open.decrementAndGet();
            throw new TooManyStreamsException(properties.maxStreams(), RETRY_AFTER);
        }
        Instant now = clock.instant();
        JobEventStream stream = new JobEventStream(
                job,
                () -> jobs.apply(id, caller),
                waiters.register(job.id()),
                progress,
                sink,
                now.plus(properties.maxDuration()),
                properties.stateCheckInterval(),
                closing -> closed(closing, job));
        streams.add(stream);
        // a client following the stream reads the job all along, as one blocked in a long poll does:
        // the job is not abandoned while the stream is open
        reads.beginWait(job.id());
        stream.start(now);
        return stream;
    }

    private void closed(JobEventStream stream, Job opened) {
        if (streams.remove(stream)) {
            open.decrementAndGet();
            reads.touch(opened); // it read the job up to now
            reads.endWait(opened.id());
        }
    }

    /** One look at every stream; on the events timer. */
    void tick() {
        Instant now = clock.instant();
        for (JobEventStream stream : streams) {
            try {
                stream.tick(now);
            } catch (RuntimeException e) {
                log.warn("event stream of job {} failed; closing it: {}", stream.jobId(), e.toString());
                stream.end();
            }
        }
    }

    /** A last look, so that jobs the drain ended get their final event, then every stream ends. */
    void endAll() {
        tick();
        streams.forEach(JobEventStream::end);
    }

    /** Streams open now. */
    public int openStreams() {
        return open.get();
    }
}
