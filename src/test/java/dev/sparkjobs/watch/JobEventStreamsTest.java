package dev.sparkjobs.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.abandon.JobReads;
import dev.sparkjobs.engine.JobWaiters;
import dev.sparkjobs.execution.JobNotFoundException;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.progress.JobProgress;
import dev.sparkjobs.progress.JobProgressService;
import dev.sparkjobs.progress.ProgressBoard;
import dev.sparkjobs.progress.ProgressStore;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class JobEventStreamsTest {

    /** What a client would have received. */
    static final class Recorded implements JobEventSink {
        final List<String> events = new ArrayList<>();
        boolean gone;

        @Override
        public boolean state(Job job) {
            events.add("state:" + job.state());
            return !gone;
        }

        @Override
        public boolean progress(JobProgress progress) {
            events.add("progress:" + progress.tasks().total());
            return !gone;
        }

        @Override
        public void end() {
            events.add("end");
        }
    }

    private final Map<JobId, JobProgress> stored = new ConcurrentHashMap<>();
    private final ProgressBoard board = new ProgressBoard(null);
    private final JobProgressService progress = new JobProgressService(board, new ProgressStore() {
        @Override
        public void save(JobId id, JobProgress p) {
            stored.put(id, p);
        }

        @Override
        public Optional<JobProgress> find(JobId id) {
            return Optional.ofNullable(stored.get(id));
        }
    });
    private final JobWaiters waiters = new JobWaiters(null, Runnable::run, null);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final JobReads reads = new JobReads(clock);
    private final JobEventStreams streams = new JobEventStreams(
            (id, caller) -> {
                Job job = jobs.get(id);
                if (job == null) {
                    throw new JobNotFoundException(id);
                }
                return job;
            },
            reads,
            progress,
            waiters,
            new EventsProperties(2, Duration.ofMinutes(30), Duration.ofMillis(500), Duration.ofSeconds(5)),
            clock);

    private Job queued() {
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("t", null, Map.of(), "default", 0, Duration.ofMinutes(5), Map.of(), RetryPolicy.NONE),
                JobOwner.DEFAULT,
                clock.instant());
        jobs.put(job.id().toString(), job);
        return job;
    }

    private Job put(Job job) {
        jobs.put(job.id().toString(), job);
        return job;
    }

    @Test
    void anOpenStreamIsACallerReadingItsJobUntilItCloses() {
        Job running = put(queued().start(clock.instant(), "i"));
        Recorded sink = new Recorded();

        JobEventStream stream = streams.open(running.id().toString(), Caller.UNAUTHENTICATED, sink);
        assertThat(reads.isWaitedFor(running.id())).as("while open").isTrue();
        clock.advance(Duration.ofMinutes(10));
        stream.close();

        assertThat(reads.isWaitedFor(running.id())).as("once closed").isFalse();
        stream.close();
        assertThat(reads.isWaitedFor(running.id())).isFalse();
    }

    @Test
    void aFinishedJobGetsOneStateEventAndTheEnd() {
        Job done = put(queued().start(clock.instant(), "i").succeed(Map.of(), clock.instant()));
        Recorded sink = new Recorded();
        streams.open(done.id().toString(), Caller.UNAUTHENTICATED, sink);
        assertThat(sink.events).containsExactly("state:SUCCEEDED", "end");
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void sendsStatesAndProgressAsTheyChangeAndEndsAfterTheFinalState() {
        Job queued = queued();
        Recorded sink = new Recorded();
        streams.open(queued.id().toString(), Caller.UNAUTHENTICATED, sink);
        streams.tick();
        assertThat(sink.events).containsExactly("state:QUEUED");

        Job running = put(queued.start(clock.instant(), "i"));
        progress.start(running.id(), 1);
        streams.tick();
        assertThat(sink.events).containsExactly("state:QUEUED", "state:RUNNING", "progress:0");

        streams.tick();
        assertThat(sink.events).as("nothing moved: nothing sent").hasSize(3);
        progress.step(running.id(), 1, "copy", 1, 2);
        streams.tick();
        assertThat(sink.events).hasSize(4).last().isEqualTo("progress:0");

        progress.ending(running.id(), 1).forEach(SideWrite::writeAlone);
        Job done = put(running.succeed(Map.of(), clock.instant()));
        waiters.finished(done);
        progress.close(running.id(), 1);
        streams.tick();
        assertThat(sink.events).endsWith("progress:0", "state:SUCCEEDED", "end");
        assertThat(streams.openStreams()).isZero();
        streams.tick();
        assertThat(sink.events).as("nothing after the end").endsWith("state:SUCCEEDED", "end");
    }

    @Test
    void anEndNotAnnouncedIsFoundByThePeriodicCheck() {
        Job running = put(queued().start(clock.instant(), "i"));
        Recorded sink = new Recorded();
        streams.open(running.id().toString(), Caller.UNAUTHENTICATED, sink);
        put(running.succeed(Map.of(), clock.instant())); // e.g. ended by the running check
        streams.tick();
        assertThat(sink.events).containsExactly("state:RUNNING");
        clock.advance(Duration.ofSeconds(6));
        streams.tick();
        assertThat(sink.events).containsExactly("state:RUNNING", "state:SUCCEEDED", "end");
    }

    @Test
    void refusesStreamsPastTheCapAndAClosedOneFreesItsSlot() {
        JobEventStream first = streams.open(queued().id().toString(), Caller.UNAUTHENTICATED, new Recorded());
        streams.open(queued().id().toString(), Caller.UNAUTHENTICATED, new Recorded());
        assertThatThrownBy(() -> streams.open(queued().id().toString(), Caller.UNAUTHENTICATED, new Recorded()))
                .isInstanceOf(TooManyStreamsException.class);

        first.close();
        first.close();
        assertThat(streams.openStreams()).isOne();
        streams.open(queued().id().toString(), Caller.UNAUTHENTICATED, new Recorded());
        assertThat(streams.openStreams()).isEqualTo(2);
    }

    @Test
    void aJobTheCallerMayNotSeeTakesNoSlot() {
        assertThatThrownBy(() -> streams.open(JobId.random().toString(), Caller.UNAUTHENTICATED, new Recorded()))
                .isInstanceOf(JobNotFoundException.class);
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void aStreamEndsAtItsMaximumDurationAndWhenItsClientIsGone() {
        Recorded timedOut = new Recorded();
        streams.open(queued().id().toString(), Caller.UNAUTHENTICATED, timedOut);
        Recorded gone = new Recorded();
        Job queued = queued();
        streams.open(queued.id().toString(), Caller.UNAUTHENTICATED, gone);
        gone.gone = true;
        put(queued.start(clock.instant(), "i"));
        progress.start(queued.id(), 1);
        streams.tick();
        assertThat(streams.openStreams()).as("the client that went away").isOne();

        clock.advance(Duration.ofMinutes(31));
        streams.tick();
        assertThat(timedOut.events).containsExactly("state:QUEUED", "end");
        assertThat(streams.openStreams()).isZero();
    }
}
