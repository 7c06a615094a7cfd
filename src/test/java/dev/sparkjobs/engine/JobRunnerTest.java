package dev.sparkjobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.admission.QueuedJob;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.plugin.api.JobFailedException;
import dev.sparkjobs.spark.JobSpark;
import dev.sparkjobs.support.EngineFixture;
import dev.sparkjobs.support.TestJobType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's races, forced with latches on the in-memory store: no Spring, no Spark. */
class JobRunnerTest {

    private final CountDownLatch workStarted = new CountDownLatch(1);
    private final AtomicInteger interrupted = new AtomicInteger();
    private final TestJobType blocking = new TestJobType("block", context -> {
        workStarted.countDown();
        try {
            new CountDownLatch(1).await(); // until stopped
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
        }
        return Map.of();
    });
    private EngineFixture engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aSecondLaunchOfTheSameAttemptBacksOffAndTheFirstStaysCancellable() throws Exception {
        engine = new EngineFixture(2, blocking);
        Job job = engine.insert("block", RetryPolicy.NONE);
        QueuedJob queued = new QueuedJob(job.id(), "default", "default", 0, 0);
        CyclicBarrier bothRead = new CyclicBarrier(2);
        CountDownLatch firstAtCas = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicInteger startsTried = new AtomicInteger();
        AtomicInteger claimedAtCas = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
        engine.store.afterFind = j -> {
            if (armed.get() && Thread.currentThread().getName().startsWith("launch-")) {
                awaitBarrier(bothRead); // both launches have read the job QUEUED before either goes on
                armed.set(false);
            }
        };
        engine.store.beforeTransition = (before, after) -> {
            if (after.state() == JobState.RUNNING) {
                startsTried.incrementAndGet();
                if (engine.runner.isRunning(job.id(), 1)) {
                    claimedAtCas.incrementAndGet();
                }
                firstAtCas.countDown();
                awaitLatch(proceed);
            }
        };
        Thread first = new Thread(() -> engine.runner.run(queued), "launch-1");
        Thread second = new Thread(() -> engine.runner.run(queued), "launch-2");
        first.start();
        second.start();

        assertThat(firstAtCas.await(10, TimeUnit.SECONDS)).isTrue();
        Thread atCas = first.isAlive() && second.isAlive() ? null : first.isAlive() ? first : second;
        // whichever launch claimed the attempt waits at its compare-and-set; the other must be gone
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isAlive() || !second.isAlive());
        assertThat(startsTried)
                .as("only the launch that claimed the attempt tries to start it")
                .hasValue(1);
        assertThat(claimedAtCas)
                .as("the attempt is claimed before the store shows it RUNNING")
                .hasValue(1);
        proceed.countDown();
        assertThat(workStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(atCas == null || atCas.isAlive()).isTrue();

        Job running = engine.store.get(job.id());
        assertThat(engine.store.markCancelRequested(running.requestCancel(Instant.now())))
                .isTrue();
        assertThat(engine.runner.stop(job.id(), 1, RunningJob.StopReason.CANCELLED))
                .as("the cancel finds the running attempt's handle")
                .isTrue();

        first.join(10_000);
        second.join(10_000);
        Job ended = engine.store.get(job.id());
        assertThat(ended.state()).isEqualTo(JobState.CANCELLED);
        assertThat(interrupted).hasValue(1);
        assertThat(engine.spark.stopped).containsExactly(job.id() + "/1");
        assertThat(engine.runner.runningCount()).isZero();
    }

    /**
     * An interrupt reaches a job's thread only while it does the job's work: one that lands in a
     * store call can close the embedded database's file under every thread. A stop that comes while
     * the start is being written waits for the work, which then never begins.
     */
    @Test
    void aStopWhileTheStartIsWrittenInterruptsNoStoreCallAndTheWorkNeverBegins() throws Exception {
        engine = new EngineFixture(1, blocking);
        Job job = engine.insert("block", RetryPolicy.NONE);
        CountDownLatch atStart = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interruptedInStore = new java.util.concurrent.atomic.AtomicBoolean();
        engine.store.beforeTransition = (before, after) -> {
            if (after.state() == JobState.RUNNING) {
                atStart.countDown();
                try {
                    if (!proceed.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("latch not released");
                    }
                } catch (InterruptedException e) {
                    interruptedInStore.set(true);
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                interruptedInStore.set(true);
            }
        };
        engine.launch(job);
        assertThat(atStart.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(engine.runner.stop(job.id(), 1, RunningJob.StopReason.CANCELLED))
                .as("the claimed attempt takes the stop")
                .isTrue();
        proceed.countDown();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.CANCELLED);
        assertThat(interruptedInStore).as("no store call saw the interrupt").isFalse();
        assertThat(workStarted.getCount()).as("the work never began").isEqualTo(1);
        assertThat(engine.spark.stopped).containsExactly(job.id() + "/1");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.runner.runningCount() == 0);
    }

    @Test
    void aStopForAnotherAttemptDoesNotTouchTheRunningOne() throws Exception {
        engine = new EngineFixture(1, blocking);
        Job job = engine.insert("block", RetryPolicy.NONE);
        engine.launch(job);
        assertThat(workStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(engine.runner.stop(job.id(), 2, RunningJob.StopReason.CANCELLED))
                .isFalse();
        assertThat(engine.spark.stopped).isEmpty();

        assertThat(engine.runner.stop(job.id(), 1, RunningJob.StopReason.TIMED_OUT))
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.TIMED_OUT);
    }

    @Test
    void aStoppedJobEndsWhenItsSparkWorkStoppedNotAfterItsSessionIsResetForTheNextJob() throws Exception {
        engine = new EngineFixture(1, blocking);
        CountDownLatch resetting = new CountDownLatch(1);
        CountDownLatch resetMayEnd = new CountDownLatch(1);
        engine.spark.onGiveBack = () -> {
            resetting.countDown();
            awaitLatch(resetMayEnd);
        };
        Job job = engine.insert("block", RetryPolicy.NONE);
        engine.launch(job);
        assertThat(workStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.store.markCancelRequested(engine.store.get(job.id()).requestCancel(Instant.now())))
                .isTrue();
        assertThat(engine.runner.stop(job.id(), 1, RunningJob.StopReason.CANCELLED))
                .isTrue();

        assertThat(resetting.await(10, TimeUnit.SECONDS)).isTrue();
        Instant duringReset = Instant.now();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(duringReset));
        assertThat(engine.store.get(job.id()).state())
                .as("the end is recorded once the session is back, so a follower of the job finds it")
                .isEqualTo(JobState.RUNNING);
        resetMayEnd.countDown();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.CANCELLED);
        assertThat(engine.store.get(job.id()).finishedAt())
                .as("finishedAt is when the job's Spark work was seen stopped, not when its session was reset")
                .isBeforeOrEqualTo(duringReset);
    }

    @Test
    void aStoppedJobWhoseSparkWorkCannotBeCheckedStillEnds() throws Exception {
        engine = new EngineFixture(1, blocking);
        engine.spark.settleFails = new IllegalStateException("SparkContext has been shutdown");
        Job job = engine.insert("block", RetryPolicy.NONE);
        engine.launch(job);
        assertThat(workStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(engine.runner.stop(job.id(), 1, RunningJob.StopReason.TIMED_OUT))
                .isTrue();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.TIMED_OUT);
        assertThat(engine.runner.runningCount()).isZero();
    }

    /** At shutdown the SparkContext may be gone already: every running job is still stopped. */
    @Test
    void stopAllStopsEveryJobWhenSparkRefusesTheCancel() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        engine = new EngineFixture(2, new TestJobType("wait", context -> {
            bothStarted.countDown();
            new CountDownLatch(1).await(); // until interrupted
            return Map.of();
        }));
        engine.spark.stopFails = new IllegalStateException("Cannot call methods on a stopped SparkContext.");
        Job first = engine.insert("wait", RetryPolicy.NONE);
        Job second = engine.insert("wait", RetryPolicy.NONE);
        engine.launch(first);
        engine.launch(second);
        assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();

        engine.runner.stopAll(RunningJob.StopReason.SHUTDOWN);

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.runner.runningCount() == 0);
        assertThat(engine.spark.stopped).hasSize(2);
        assertThat(engine.store.get(first.id()).state()).isEqualTo(JobState.FAILED);
        assertThat(engine.store.get(second.id()).state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aJobWhoseSessionCannotBeResetStillEnds() {
        engine = new EngineFixture(1, new TestJobType("quick", context -> Map.of("ok", true)));
        engine.spark.onGiveBack = () -> {
            throw new AssertionError("assertion failed in the session's catalog");
        };
        Job job = engine.insert("quick", RetryPolicy.NONE);
        engine.launch(job);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.SUCCEEDED);
        assertThat(engine.runner.runningCount()).isZero();
    }

    @Test
    void aRetryWithoutBackoffRunsAlthoughThePreviousAttemptStillHoldsItsThread() {
        AtomicInteger runs = new AtomicInteger();
        TestJobType failsOnce = new TestJobType("flaky", context -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return Map.of("attempt", runs.get());
        });
        engine = new EngineFixture(2, failsOnce);
        Job job = engine.insert(
                "flaky", new RetryPolicy(2, Duration.ZERO, Duration.ZERO, EnumSet.of(RetryPolicy.RetryOn.FAILED)));

        engine.launch(job);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.SUCCEEDED);
        Job done = engine.store.get(job.id());
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.runBy()).isEqualTo(EngineFixture.INSTANCE.value());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.admission.snapshot().running() == 0);
    }

    @Test
    void aJobThatFailsWithAResultKeepsWhatItDid() {
        TestJobType partly = new TestJobType("partly", context -> {
            throw new JobFailedException("1 of 3 tables failed", Map.of("done", java.util.List.of("a", "b")));
        });
        engine = new EngineFixture(1, partly);
        Job job = engine.insert("partly", RetryPolicy.NONE);

        engine.launch(job);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.FAILED);
        Job failed = engine.store.get(job.id());
        assertThat(failed.error().message()).isEqualTo("1 of 3 tables failed");
        assertThat(failed.result()).containsEntry("done", java.util.List.of("a", "b"));
    }

    /**
     * A job's work may have started Spark jobs on threads of its own (they inherit its group) and
     * thrown while they run: its session must not be reset and reused under them.
     */
    @Test
    void aFailedAttemptHasItsSparkWorkLookedAtButASuccessfulOneKeepsTheFastPath() {
        engine = new EngineFixture(
                1,
                new TestJobType("throws", context -> {
                    throw new IllegalStateException("the plug-in gave up");
                }),
                new TestJobType("quick", context -> Map.of()));
        Job failing = engine.insert("throws", RetryPolicy.NONE);
        engine.launch(failing);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(failing.id()).state() == JobState.FAILED);
        Job quick = engine.insert("quick", RetryPolicy.NONE);
        engine.launch(quick);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(quick.id()).state() == JobState.SUCCEEDED);

        assertThat(engine.spark.settled)
                .as("settle looks at Spark for the failed attempt only")
                .containsExactly(JobSpark.Ending.FAILED, JobSpark.Ending.RETURNED);
    }

    @Test
    void whenSparkCannotGiveASessionTheAttemptEndsFailedWithTheCause() {
        engine = new EngineFixture(1, blocking);
        engine.spark.openFails = new IllegalStateException("Cannot call methods on a stopped SparkContext.");
        Job job = engine.insert("block", RetryPolicy.NONE);

        engine.launch(job);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.store.get(job.id()).state() == JobState.FAILED);
        JobError error = engine.store.get(job.id()).error();
        assertThat(error.type()).isEqualTo("IllegalStateException");
        assertThat(error.message()).contains("stopped SparkContext");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.admission.snapshot().running() == 0);
        assertThat(engine.runner.runningCount()).isZero();
    }

    @Test
    void aJobTheStoreRefusesToStartNeverRuns() throws Exception {
        engine = new EngineFixture(1, blocking);
        Job job = engine.insert("block", RetryPolicy.NONE);
        engine.store.leaseHeld(false);

        engine.launch(job);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.admission.snapshot().running() == 0);
        assertThat(workStarted.getCount()).isEqualTo(1);
        assertThat(engine.store.get(job.id()).state()).isEqualTo(JobState.QUEUED);
        assertThat(engine.runner.runningCount()).isZero();
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
