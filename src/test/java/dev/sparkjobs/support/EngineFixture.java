package dev.sparkjobs.support;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.engine.AttemptObserver;
import dev.sparkjobs.engine.JobRecorder;
import dev.sparkjobs.engine.JobRunner;
import dev.sparkjobs.engine.JobWaiters;
import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.jobtypes.JobTypeRegistry;
import dev.sparkjobs.jobtypes.ProgressSink;
import dev.sparkjobs.lease.InstanceId;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.spark.JobSessions;
import dev.sparkjobs.spark.JobSpark;
import dev.sparkjobs.spark.JobSpark.Ending;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The engine without Spring or Spark, for unit tests of its concurrency: the real runner, recorder
 * and admission controller over an {@link InMemoryJobStore}, a fake Spark and the test's job types.
 */
public final class EngineFixture implements AutoCloseable {

    public static final InstanceId INSTANCE = new InstanceId("instance-a");
    /** Stop grace 1 s; a store that is away is retried for 100 ms only. */
    public static final JobsProperties PROPERTIES = new JobsProperties(
            Duration.ofHours(1),
            Duration.ofHours(24),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(100),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1));

    public final InMemoryJobStore store = new InMemoryJobStore();
    /** What each attempt's end is to write with it (as its progress and cost are). */
    public volatile List<SideWrite> endWrites = List.of();

    public final FakeSpark spark = new FakeSpark();
    public final AdmissionController admission;
    public final JobMetrics metrics;
    public final JobRecorder recorder;
    public final JobRunner runner;
    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    private final ThreadPoolTaskScheduler timers = new ThreadPoolTaskScheduler();

    public EngineFixture(int maxRunning, JobType... types) {
        admission = new AdmissionController(new AdmissionProperties(maxRunning, 100, Duration.ofSeconds(1), Map.of()));
        executor.setCorePoolSize(maxRunning);
        executor.setMaxPoolSize(maxRunning);
        executor.setQueueCapacity(maxRunning);
        executor.setThreadNamePrefix("job-");
        executor.initialize();
        timers.setThreadNamePrefix("job-timer-");
        timers.initialize();
        JobsProperties properties = PROPERTIES;
        metrics = new JobMetrics(new SimpleMeterRegistry(), admission, new JobSessions(null, 0));
        recorder = new JobRecorder(
                store,
                admission,
                timers,
                metrics,
                new JobWaiters(timers, Runnable::run, Clock.systemUTC()),
                properties,
                Clock.systemUTC());
        runner = new JobRunner(
                store,
                new JobTypeRegistry(List.of(types), TestJobType.binder()),
                admission,
                executor,
                timers,
                spark,
                metrics,
                recorder,
                properties,
                Clock.systemUTC(),
                INSTANCE,
                new AttemptObserver() {
                    @Override
                    public void started(JobId id, int attempt) {}

                    @Override
                    public ProgressSink progress(JobId id, int attempt) {
                        return ProgressSink.NONE;
                    }

                    @Override
                    public Logger logger(JobId id, String type) {
                        return AttemptObserver.NONE.logger(id, type);
                    }

                    @Override
                    public List<SideWrite> ending(JobId id, int attempt) {
                        return endWrites;
                    }

                    @Override
                    public void ended(JobId id, int attempt) {}
                });
    }

    /** Stores a new QUEUED job of {@code type}, not queued anywhere yet. */
    public Job insert(String type, RetryPolicy retry) {
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec(type, null, Map.of(), "default", 0, Duration.ofMinutes(5), Map.of(), retry),
                JobOwner.DEFAULT,
                Clock.systemUTC().instant());
        store.insert(job, null);
        return job;
    }

    /** Queues a stored job with the admission controller, which launches it on a worker thread. */
    public void launch(Job job) {
        admission.restore(
                job.id(), job.owner().tenant(), job.spec().pool(), job.spec().priority());
    }

    @Override
    public void close() {
        executor.shutdown();
        timers.shutdown();
    }

    /** Spark as the engine sees it: a scope per attempt, and the stops it was asked for. */
    public static final class FakeSpark implements JobSpark {

        public final List<String> stopped = new CopyOnWriteArrayList<>();
        public volatile RuntimeException openFails;
        /** Runs where the session is reset for the next job (e.g. to hold it there). */
        public volatile Runnable onGiveBack = () -> {};
        /** Thrown where the attempt waits for its Spark work to stop (e.g. Spark shutting down). */
        public volatile RuntimeException settleFails;
        /** Thrown where a stop cancels the attempt's Spark work (e.g. a stopped SparkContext). */
        public volatile RuntimeException stopFails;
        /** What each attempt's settle was told about how its work ended, in order. */
        public final List<Ending> settled = new CopyOnWriteArrayList<>();

        @Override
        public Scope open(JobId id, int attempt, String pool, String description) {
            if (openFails != null) {
                throw openFails;
            }
            return new Scope() {
                @Override
                public SparkSession session() {
                    return null;
                }

                @Override
                public void close() {}

                @Override
                public boolean settle(Ending ending, Duration grace) {
                    settled.add(ending);
                    if (settleFails != null) {
                        throw settleFails;
                    }
                    return true;
                }

                @Override
                public void release() {
                    onGiveBack.run();
                }
            };
        }

        @Override
        public void stop(JobId id, int attempt, String reason) {
            stopped.add(id + "/" + attempt);
            if (stopFails != null) {
                throw stopFails;
            }
        }
    }
}
