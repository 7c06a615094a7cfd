package dev.sparkjobs.web;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.progress.JobProgress;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.watch.JobEventSink;
import dev.sparkjobs.watch.JobEventStream;
import dev.sparkjobs.watch.JobWatch;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A job's event stream as server-sent events: {@code event: state} with the job's summary, {@code
 * event: progress} with its progress, each {@code data} one line of JSON. Sends are made by the
 * events timer, never by a thread of the stream's own.
 */
final class SseJobEvents implements JobEventSink {

    static final String STATE = "state";
    static final String PROGRESS = "progress";

    private final SseEmitter emitter;

    private SseJobEvents(SseEmitter emitter) {
        this.emitter = emitter;
    }

    /**
     * Checks access and opens the stream before the emitter is handed to Spring, so that a job the
     * caller may not see is a 404 problem, not a stream. Events sent before then are buffered.
     */
    static SseEmitter open(JobWatch watch, String id, Caller caller, Duration timeout) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        JobEventStream stream = watch.events(id, caller, new SseJobEvents(emitter));
        emitter.onCompletion(stream::close);
        emitter.onError(e -> stream.close());
        emitter.onTimeout(() -> {
            stream.close();
            emitter.complete();
        });
        return emitter;
    }

    @Override
    public boolean state(Job job) {
        return send(STATE, JobSummary.of(job));
    }

    @Override
    public boolean progress(JobProgress progress) {
        return send(PROGRESS, ProgressView.of(progress));
    }

    @Override
    public void end() {
        emitter.complete();
    }

    private boolean send(String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false; // the client is gone, or the stream was completed meanwhile
        }
    }
}
