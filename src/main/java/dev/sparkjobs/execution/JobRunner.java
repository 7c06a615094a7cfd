package dev.sparkjobs.execution;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.QueuedJob;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.jobtypes.JobContext;
import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.jobtypes.JobTypeRegistry;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.spark.JobSessions;
import dev.sparkjobs.spark.SparkJobScope;
import dev.sparkjobs.spark.SparkJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs launched jobs on the bounded executor: QUEUED to RUNNING by compare-and-set, the work inside
 * the job's Spark scope, then what follows (recorded by {@link JobRecorder}); and stops running jobs
 * on cancel, timeout or shutdown.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    static final String MDC_JOB_ID = "jobId";

    private final JobStore store;
    private final JobTypeRegistry types;
    private final AdmissionController admission;
    private final ThreadPoolTaskExecutor executor;
    private final TaskScheduler scheduler;
    private final SparkJobs spark;
    private final JobSessions sessions;
    private final JobMetrics metrics;
    private final JobRecorder recorder;
    private final JobsProperties properties;
    private final Clock clock;
    private final Map<JobId, RunningJob> running = new ConcurrentHashMap<>();
    private final Random random = new Random();

    JobRunner(
            JobStore store,
            JobTypeRegistry types,
            AdmissionController admission,
            @Qualifier("jobExecutor") ThreadPoolTaskExecutor jobExecutor,
            @Qualifier("jobTimers") TaskScheduler scheduler,
            SparkJobs spark,
            JobSessions sessions,
            JobMetrics metrics,
            JobRecorder recorder,
            JobsProperties properties,
            Clock clock) {
        this.store = store;
        this.types = types;
        this.admission = admission;
        this.executor = jobExecutor;
        this.scheduler = scheduler;
        this.spark = spark;
        this.sessions = sessions;
        this.metrics = metrics;
        this.recorder = recorder;
        this.properties = properties;
        this.clock = clock;
        admission.launchWith(this::launch);
    }

    private void launch(QueuedJob queued) {
        try {
            executor.execute(() -> run(queued));
        } catch (TaskRejectedException e) {
            if (executor.getThreadPoolExecutor().isShutdown()) {
                // shutting down: the job stays QUEUED in the store and the next start queues it again;
                // close first, so that freeing the slot does not launch (and refuse) the next one
                admission.close();
                admission.finished(queued.pool());
                return;
            }
            log.error("executor refused job {}; failing it", queued.id(), e);
            try {
                store.find(queued.id())
                        .filter(j -> j.state() == JobState.QUEUED)
                        .ifPresent(j -> recorder.end(
                                j,
                                j.fail(
                                        new JobError(JobError.NOT_STARTED, "the executor refused the job"),
                                        clock.instant())));
            } finally {
                admission.finished(queued.pool());
            }
        }
    }

    void run(QueuedJob queued) {
        MDC.put(MDC_JOB_ID, queued.id().toString());
        try {
            runMdc(queued);
        } catch (RuntimeException e) {
            log.error("job {} could not be run or recorded", queued.id(), e);
        } finally {
            MDC.remove(MDC_JOB_ID);
            admission.finished(queued.pool());
        }
    }

    private void runMdc(QueuedJob queued) {
        Job job = store.find(queued.id()).orElse(null);
        if (job == null || job.state() != JobState.QUEUED) {
            return; // cancelled while it waited
        }
        RunningJob handle = new RunningJob(job.id(), job.attempt(), Thread.currentThread());
        running.put(job.id(), handle);
        try {
            Job started = job.start(clock.instant());
            if (!store.transition(job, started)) {
                return; // a cancel won the race
            }
            Instant waitingSince = job.notBefore() != null ? job.notBefore() : job.submittedAt();
            metrics.queueWait(job.spec().type(), Duration.between(waitingSince, started.startedAt()));
            log.info(
                    "started {} in pool {}, attempt {}",
                    describe(job),
                    job.spec().pool(),
                    job.attempt());
            Job finished = started.afterAttempt(execute(started, handle), random.nextDouble());
            try {
                recorder.end(started, finished);
            } catch (RuntimeException e) {
                // e.g. a result the store cannot hold: the job must not stay RUNNING
                log.error("could not record the end of job {}; recording it as FAILED", job.id(), e);
                recorder.end(started, started.fail(Failures.describe(e), clock.instant()));
            }
        } finally {
            running.remove(job.id(), handle); // a retry's next attempt may have registered already
            spark.forget(job.id(), job.attempt());
            synchronized (running) {
                running.notifyAll();
            }
        }
    }

    private Job execute(Job started, RunningJob handle) {
        Map<String, Object> result = null;
        Throwable failure = null;
        ScheduledFuture<?> timeout = null;
        // a session of its own: SET, USE and temp views of one job cannot reach another
        SparkSession session = sessions.borrow();
        try (SparkJobScope scope =
                spark.open(started.id(), started.attempt(), started.spec().pool(), describe(started))) {
            timeout = scheduler.schedule(
                    () -> stop(started.id(), RunningJob.StopReason.TIMED_OUT),
                    started.startedAt().plus(started.spec().timeout()));
            JobType type = types.get(started.spec().type());
            result = type.run(
                    new JobContext(started.id().toString(), session, handle::stopRequested),
                    started.spec().params());
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        RunningJob.StopReason stopped = handle.detach();
        Thread.interrupted(); // a stop's interrupt must not leak into the next job on this thread
        if (stopped != null && !spark.awaitNoActiveJobs(started.id(), started.attempt(), properties.stopGrace())) {
            log.warn("Spark jobs of {} still active {} after it was stopped", started.id(), properties.stopGrace());
            sessions.discard(session); // still in use by work we could not stop
        } else {
            sessions.giveBack(session);
        }
        if (failure instanceof Error error && !(failure instanceof StackOverflowError)) {
            // a VirtualMachineError leaves the JVM in doubt; record it, but let it surface
            recorder.end(started, started.fail(Failures.describe(error), clock.instant()));
            throw error;
        }
        if (failure == null) {
            return started.succeed(result, clock.instant());
        }
        if (stopped == RunningJob.StopReason.TIMED_OUT) {
            return started.timeOut(clock.instant());
        }
        if (stopped == RunningJob.StopReason.CANCELLED) {
            return started.cancel(clock.instant());
        }
        if (stopped == RunningJob.StopReason.SHUTDOWN) {
            return started.lostWithDriver("the service shut down before the job finished", clock.instant());
        }
        log.warn("job failed: {}", Failures.describe(failure).message());
        return started.fail(Failures.describe(failure), clock.instant());
    }

    /**
     * Stops a running job's Spark work and interrupts its thread.
     *
     * @return false when the job's work is not running here (not started, or already ended)
     */
    boolean stop(JobId id, RunningJob.StopReason reason) {
        RunningJob handle = running.get(id);
        if (handle == null) {
            return false;
        }
        return handle.requestStop(reason, () -> {
            log.info("stopping job {}: {}", id, reason);
            spark.stop(id, handle.attempt(), "job " + id + " " + reason.name().toLowerCase());
        });
    }

    /** Whether the job's work holds a thread here now (or is about to). */
    boolean isRunning(JobId id) {
        return running.containsKey(id);
    }

    /** Jobs whose work holds a thread here now. */
    int runningCount() {
        return running.size();
    }

    /**
     * Waits until no job holds a thread here, at most {@code limit}.
     *
     * @return true when none is left
     */
    boolean awaitNoneRunning(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (running) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                running.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Stops every running job for the given reason; each records its end on its own thread. */
    void stopAll(RunningJob.StopReason reason) {
        running.keySet().forEach(id -> stop(id, reason));
    }

    private static String describe(Job job) {
        String name = job.spec().name() == null ? "" : " " + job.spec().name();
        return job.spec().type() + name + " (" + job.id() + ")";
    }
}
