package dev.sparkjobs.engine;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.QueuedJob;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.joblogs.JobLogs;
import dev.sparkjobs.jobtypes.JobTypeRegistry;
import dev.sparkjobs.jobtypes.RunContext;
import dev.sparkjobs.lease.InstanceId;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.plugin.api.JobFailedException;
import dev.sparkjobs.spark.JobSpark;
import dev.sparkjobs.spark.JobSpark.Ending;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Runs one attempt of a job on a worker thread, in this order (see docs/design.md):
 *
 * <ol>
 *   <li>{@link #launch}: the admission controller gave the job a slot; a worker thread takes it.
 *   <li>{@link #run}: read the job; claim its attempt here ({@link RunningJobs}); QUEUED→RUNNING by
 *       compare-and-set, fenced by the driver lease. A launch that finds the job no longer QUEUED, the
 *       attempt claimed, or loses the compare-and-set does nothing.
 *   <li>{@link #execute}: the work, inside the attempt's Spark scope and under its timeout. Every way
 *       out of it (success, a throw, a stop, Spark refusing a session) becomes the attempt's end.
 *   <li>{@link JobRecorder#recordEnd}: the final state, or the next attempt queued after its backoff,
 *       in one transaction with the attempt's final progress and cost ({@link AttemptObserver#ending}).
 *   <li>release the claim, give the slot back ({@link AdmissionController#finished}).
 * </ol>
 *
 * Stops ({@link #stop}: cancel, timeout, drain, fence) reach the attempt only through its handle.
 */
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    static final String MDC_JOB_ID = JobLogs.MDC_JOB_ID;

    private final JobStore store;
    private final JobTypeRegistry types;
    private final AdmissionController admission;
    private final Executor executor;
    private final TaskScheduler timers;
    private final JobSpark spark;
    private final JobMetrics metrics;
    private final JobRecorder recorder;
    private final JobsProperties properties;
    private final Clock clock;
    private final InstanceId instance;
    private final AttemptObserver observer;
    private final RunningJobs running = new RunningJobs();
    private final Random random = new Random();

    public JobRunner(
            JobStore store,
            JobTypeRegistry types,
            AdmissionController admission,
            Executor jobExecutor,
            TaskScheduler jobTimers,
            JobSpark spark,
            JobMetrics metrics,
            JobRecorder recorder,
            JobsProperties properties,
            Clock clock,
            InstanceId instance,
            AttemptObserver observer) {
        this.store = store;
        this.types = types;
        this.admission = admission;
        this.executor = jobExecutor;
        this.timers = jobTimers;
        this.spark = spark;
        this.metrics = metrics;
        this.recorder = recorder;
        this.properties = properties;
        this.clock = clock;
        this.instance = instance;
        this.observer = observer;
        admission.launchWith(this::launch);
    }

    private void launch(QueuedJob queued) {
        try {
            executor.execute(() -> run(queued));
        } catch (TaskRejectedException e) {
            // the pool has a thread per slot, so only a pool that is shutting down refuses: the job stays
            // QUEUED in the store and the next start queues it again; close first, so that freeing the
            // slot does not launch (and refuse) the next one
            log.warn("the job executor refused job {}; it stays queued: {}", queued.id(), e.toString());
            admission.close();
            admission.finished(queued);
        }
    }

    /** One launch of a queued job, on a worker thread; always gives the slot back. */
    void run(QueuedJob queued) {
        MDC.put(MDC_JOB_ID, queued.id().toString());
        try {
            Job job = store.find(queued.id()).orElse(null);
            if (job != null && job.state() == JobState.QUEUED) {
                runClaimed(job);
            } // else cancelled while it waited, or another launch ran it
        } catch (RuntimeException e) {
            log.error("job {} could not be run or recorded", queued.id(), e);
        } finally {
            MDC.remove(MDC_JOB_ID);
            admission.finished(queued);
        }
    }

    private void runClaimed(Job job) {
        RunningJob handle = running.claim(job.id(), job.attempt(), Thread.currentThread());
        if (handle == null) {
            log.info("attempt {} is already running here; not launching it twice", job.attempt());
            return;
        }
        try {
            Job started = job.start(clock.instant(), instance.value());
            if (!store.transition(job, started)) {
                return; // a cancel won, another launch started it, or this instance lost the lease
            }
            observer.started(started.id(), started.attempt());
            try {
                Instant waitingSince = job.notBefore() != null ? job.notBefore() : job.submittedAt();
                metrics.queueWait(job.spec().type(), Duration.between(waitingSince, started.startedAt()));
                log.info(
                        "started {} in pool {}, attempt {}",
                        describe(job),
                        job.spec().pool(),
                        job.attempt());
                Ended ended = execute(started, handle);
                List<SideWrite> alongside = observer.ending(started.id(), started.attempt());
                recorder.recordEnd(started, started.afterAttempt(ended.job(), random.nextDouble()), alongside);
                if (ended.phases() != null && log.isDebugEnabled()) {
                    log.debug(
                            "stopped {} attempt {}, ms after the stop was asked: {}",
                            started.id(),
                            started.attempt(),
                            ended.phases().line(clock.instant()));
                }
            } finally {
                observer.ended(started.id(), started.attempt());
            }
        } finally {
            running.release(handle);
        }
    }

    /** How an attempt ended, and for a stopped one where the stop's time went. */
    private record Ended(Job job, StopPhases phases) {}

    /**
     * The attempt's work and how it ended, once its thread is back, none of its Spark work is active
     * when it was stopped or failed, and its session is back for the next job; never throws but for a
     * VirtualMachineError (recorded first).
     */
    private Ended execute(Job started, RunningJob handle) {
        Map<String, Object> result = null;
        Throwable failure = null;
        ScheduledFuture<?> timeout = null;
        JobSpark.Scope scope = null;
        Instant returnedAt = null;
        try {
            if (!handle.beginWork()) {
                throw new CancellationException("stopped before its work began");
            }
            // a session of its own: SET, USE and temp views of one job cannot reach another
            scope = spark.open(started.id(), started.attempt(), started.spec().pool(), describe(started));
            timeout = timers.schedule(
                    () -> stop(started.id(), started.attempt(), RunningJob.StopReason.TIMED_OUT),
                    started.startedAt().plus(started.spec().timeout()));
            RunContext context = new RunContext(
                    started.id().toString(),
                    started.attempt(),
                    scope.session(),
                    handle::stopRequested,
                    observer.progress(started.id(), started.attempt()),
                    observer.logger(started.id(), started.spec().type()));
            result = types.run(started.spec().type(), context, started.spec().params());
        } catch (Throwable t) {
            failure = t;
        } finally {
            returnedAt = clock.instant();
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (scope != null) {
                scope.close();
            }
        }
        RunningJob.StopReason stopped = handle.detach();
        Thread.interrupted(); // a stop's interrupt must not leak into the next job on this thread
        if (scope != null) {
            settle(
                    scope,
                    stopped != null ? Ending.STOPPED : failure != null ? Ending.FAILED : Ending.RETURNED,
                    started);
        }
        // the job ends when its work is seen stopped; resetting its session is for the next job
        Instant quietAt = clock.instant();
        if (failure instanceof VirtualMachineError error) {
            // the JVM is in doubt; record the end first, but let it surface
            try {
                recorder.recordEnd(started, started.fail(Failures.describe(error), quietAt));
            } finally {
                release(scope, started);
            }
            throw error;
        }
        // before the end is recorded: a job that follows this one (a retry, a batch node) finds it back
        release(scope, started);
        Job ended = outcome(started, result, failure, stopped, quietAt);
        return new Ended(
                ended,
                stopped == null
                        ? null
                        : new StopPhases(
                                stopped,
                                handle.stopAskedAt(),
                                handle.stopIssuedAt(),
                                returnedAt,
                                quietAt,
                                clock.instant()));
    }

    /**
     * Unless the attempt returned, waits until none of its Spark work is active (a failed one's is
     * stopped first); the end is recorded whatever happens.
     */
    private void settle(JobSpark.Scope scope, Ending ending, Job started) {
        try {
            if (!scope.settle(ending, properties.stopGrace())) {
                log.warn(
                        "Spark jobs of {} still active {} after it was {}; its session is dropped",
                        started.id(),
                        properties.stopGrace(),
                        ending == Ending.STOPPED ? "stopped" : "failed");
            }
        } catch (RuntimeException e) {
            // the session is dropped rather than reused
            log.warn("could not tell whether Spark work of {} is still active: {}", started.id(), e.toString());
        }
    }

    /** Gives the attempt's session back for the next job, or drops it; the end is recorded whatever happens. */
    private void release(JobSpark.Scope scope, Job started) {
        if (scope == null) {
            return;
        }
        try {
            scope.release();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            log.warn("the session of {} could not be given back and is dropped: {}", started.id(), e.toString());
        }
    }

    private Job outcome(
            Job started, Map<String, Object> result, Throwable failure, RunningJob.StopReason stopped, Instant now) {
        if (failure == null) {
            return started.succeed(result, now);
        }
        if (stopped == null) {
            JobError error = Failures.describe(failure);
            log.warn("job failed: {}", error.message());
            return started.fail(error, failure instanceof JobFailedException f ? f.result() : null, now);
        }
        return switch (stopped) {
            case TIMED_OUT -> started.timeOut(now);
            case CANCELLED -> started.cancel(now);
            case ABANDONED -> started.abandon(now);
            case BATCH_STOPPED -> started.stopByBatch(now);
            case SHUTDOWN -> started.lostWithDriver("the service shut down before the job finished", now);
            case LEASE_LOST ->
                started.lostWithDriver(
                        "the service instance could not renew its driver lease and stopped its jobs", now);
        };
    }

    /**
     * Stops the attempt's Spark work and interrupts its thread.
     *
     * @return false when that attempt's work is not running here (not started, or already ended)
     */
    public boolean stop(JobId id, int attempt, RunningJob.StopReason reason) {
        return stop(id, attempt, reason, clock.instant());
    }

    /**
     * Stops the attempt's Spark work and interrupts its thread; {@code askedAt} is when the stop was
     * asked for (a cancel's {@code cancelRequestedAt}), where the stop's timeline starts.
     *
     * @return false when that attempt's work is not running here (not started, or already ended)
     */
    public boolean stop(JobId id, int attempt, RunningJob.StopReason reason, Instant askedAt) {
        RunningJob handle = running.get(id);
        if (handle == null || handle.attempt() != attempt) {
            return false;
        }
        return handle.requestStop(reason, () -> {
            log.info("stopping job {} attempt {}: {}", id, attempt, reason);
            try {
                spark.stop(id, attempt, "job " + id + " " + reason.name().toLowerCase());
            } finally {
                handle.stoppedAt(askedAt, clock.instant());
            }
        });
    }

    /**
     * Stops every running attempt for the given reason, each even when Spark refuses to cancel
     * another's work; each records its end on its own thread.
     */
    public void stopAll(RunningJob.StopReason reason) {
        running.all().forEach(h -> stop(h.id(), h.attempt(), reason));
    }

    /** Whether that attempt of the job holds a thread here now. */
    public boolean isRunning(JobId id, int attempt) {
        return running.holds(id, attempt);
    }

    /** Attempts that hold a thread here now. */
    public int runningCount() {
        return running.size();
    }

    /**
     * Waits until no attempt holds a thread here, at most {@code limit}.
     *
     * @return true when none is left
     */
    public boolean awaitNoneRunning(Duration limit) throws InterruptedException {
        return running.awaitNone(limit);
    }

    private static String describe(Job job) {
        String name = job.spec().name() == null ? "" : " " + job.spec().name();
        return job.spec().type() + name + " (" + job.id() + ")";
    }
}
