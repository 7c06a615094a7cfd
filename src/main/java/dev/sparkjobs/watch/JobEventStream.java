package dev.sparkjobs.watch;

import dev.sparkjobs.execution.JobNotFoundException;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.progress.JobProgressService;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One client's stream of one job's events: a {@code state} event whenever the job's state (or
 * attempt) changes, a {@code progress} event whenever its running attempt's progress moved since the
 * last look, and the end after the final state's event. Looked at by the events timer only.
 */
public final class JobEventStream {

    private final JobId id;
    private final Supplier<Job> reread;
    private final CompletableFuture<Job> finished;
    private final JobProgressService progress;
    private final JobEventSink sink;
    private final Instant deadline;
    private final Duration checkEvery;
    private final Consumer<JobEventStream> onClose;
    private final AtomicBoolean over = new AtomicBoolean();

    private Job last;
    private int lastAttempt;
    private long lastVersion;
    private Instant nextCheck;

    JobEventStream(
            Job job,
            Supplier<Job> reread,
            CompletableFuture<Job> finished,
            JobProgressService progress,
            JobEventSink sink,
            Instant deadline,
            Duration checkEvery,
            Consumer<JobEventStream> onClose) {
        this.id = job.id();
        this.last = job;
        this.reread = reread;
        this.finished = finished;
        this.progress = progress;
        this.sink = sink;
        this.deadline = deadline;
        this.checkEvery = checkEvery;
        this.onClose = onClose;
    }

    JobId jobId() {
        return id;
    }

    /** Sends the job as it was opened; the job may have ended since it was read, so it is read again. */
    synchronized void start(Instant now) {
        nextCheck = now.plus(checkEvery);
        if (!sink.state(last)) {
            close();
            return;
        }
        if (last.isTerminal()) {
            end();
            return;
        }
        try {
            changed(reread.get());
        } catch (RuntimeException e) {
            // the store is away for a moment: the next look, or the end's wake-up, tells
        }
    }

    synchronized void tick(Instant now) {
        if (over.get()) {
            return;
        }
        Job done = finished.getNow(null);
        if (done != null) {
            changed(done);
            return;
        }
        if (!now.isBefore(deadline)) {
            end();
            return;
        }
        int attempt = progress.liveAttempt(id);
        if (attempt != lastAttempt || !now.isBefore(nextCheck)) {
            // an attempt started or ended here (or it is time to look anyway): the state may have moved
            if (attempt != lastAttempt) {
                lastVersion = -1; // a new attempt's progress is sent even before it moved
            }
            lastAttempt = attempt;
            nextCheck = now.plus(checkEvery);
            try {
                changed(reread.get());
            } catch (JobNotFoundException e) {
                end(); // deleted meanwhile
            } catch (RuntimeException e) {
                // the store is away for a moment: the next look tries again
            }
            if (over.get()) {
                return;
            }
        }
        long version = progress.version(id);
        if (attempt != 0 && version != lastVersion) {
            lastVersion = version;
            progress.of(id).ifPresent(p -> send(sink.progress(p)));
        }
    }

    /** Sends the job if its state or attempt moved; after a final state, its last progress first, then the end. */
    private void changed(Job job) {
        if (job.state() == last.state() && job.attempt() == last.attempt()) {
            return;
        }
        last = job;
        if (job.isTerminal()) {
            progress.of(id).ifPresent(p -> send(sink.progress(p)));
            send(sink.state(job));
            end();
        } else {
            send(sink.state(job));
        }
    }

    private void send(boolean delivered) {
        if (!delivered) {
            close();
        }
    }

    /** Ends the stream: the client is told, the slot is free. */
    void end() {
        if (!over.get()) {
            sink.end();
        }
        close();
    }

    /** The client went away (or the stream ended): frees the stream's slot, once. Any thread. */
    public void close() {
        if (over.compareAndSet(false, true)) {
            onClose.accept(this);
        }
    }
}
