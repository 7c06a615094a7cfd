package dev.sparkjobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunningJobTest {

    private final AtomicInteger stops = new AtomicInteger();

    @Test
    void onlyTheFirstStopActsAndItInterruptsTheThread() {
        RunningJob job = new RunningJob(JobId.random(), 1, Thread.currentThread());
        assertThat(job.beginWork()).isTrue();

        assertThat(job.requestStop(RunningJob.StopReason.CANCELLED, stops::incrementAndGet))
                .isTrue();
        assertThat(job.requestStop(RunningJob.StopReason.TIMED_OUT, stops::incrementAndGet))
                .isFalse();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(stops).hasValue(1);
        assertThat(job.detach()).as("the first reason is kept").isEqualTo(RunningJob.StopReason.CANCELLED);
    }

    /** Spark refusing the cancel (a stopped SparkContext) must not leave the thread running on. */
    @Test
    void aStopWhoseSparkCancelThrowsStillInterruptsTheThread() {
        RunningJob job = new RunningJob(JobId.random(), 1, Thread.currentThread());
        assertThat(job.beginWork()).isTrue();

        boolean accepted = job.requestStop(RunningJob.StopReason.SHUTDOWN, () -> {
            throw new IllegalStateException("Cannot call methods on a stopped SparkContext.");
        });

        assertThat(Thread.interrupted()).as("the thread is interrupted").isTrue();
        assertThat(accepted).isTrue();
        assertThat(job.detach()).isEqualTo(RunningJob.StopReason.SHUTDOWN);
    }

    /** Before its work, the thread writes the job's start to the store: no interrupt may land there. */
    @Test
    void aStopBeforeTheWorkBeganInterruptsNothingAndTheWorkNeverBegins() {
        RunningJob job = new RunningJob(JobId.random(), 1, Thread.currentThread());

        assertThat(job.requestStop(RunningJob.StopReason.CANCELLED, stops::incrementAndGet))
                .isTrue();

        assertThat(Thread.interrupted()).as("the thread is not interrupted").isFalse();
        assertThat(stops).as("the Spark work is still cancelled").hasValue(1);
        assertThat(job.beginWork()).as("the work may not begin").isFalse();
        assertThat(Thread.interrupted()).isFalse();
        assertThat(job.detach()).isEqualTo(RunningJob.StopReason.CANCELLED);
    }

    @Test
    void aStopAfterTheWorkDetachedNeitherActsNorInterrupts() {
        RunningJob job = new RunningJob(JobId.random(), 1, Thread.currentThread());
        assertThat(job.detach()).isNull();

        assertThat(job.requestStop(RunningJob.StopReason.CANCELLED, stops::incrementAndGet))
                .isFalse();

        assertThat(Thread.interrupted()).isFalse();
        assertThat(stops).hasValue(0);
        assertThat(job.stopRequested()).isFalse();
    }

    @Test
    void theWorkCannotDetachWhileAStopIsUnderWay() throws Exception {
        RunningJob job = new RunningJob(JobId.random(), 1, new Thread(() -> {}));
        CountDownLatch inStop = new CountDownLatch(1);
        CountDownLatch finishStop = new CountDownLatch(1);
        Thread stopper = new Thread(() -> job.requestStop(RunningJob.StopReason.SHUTDOWN, () -> {
            inStop.countDown();
            try {
                finishStop.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        stopper.start();
        assertThat(inStop.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch detached = new CountDownLatch(1);
        RunningJob.StopReason[] seen = new RunningJob.StopReason[1];
        Thread worker = new Thread(() -> {
            seen[0] = job.detach();
            detached.countDown();
        });
        worker.start();
        org.awaitility.Awaitility.await("detach waits for the stop's side effects")
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> worker.getState() == Thread.State.BLOCKED);
        assertThat(detached.getCount()).isEqualTo(1);
        finishStop.countDown();
        assertThat(detached.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen[0]).isEqualTo(RunningJob.StopReason.SHUTDOWN);
        stopper.join();
    }

    @Test
    void aLaterAttemptReplacesAnEarlierClaimButNotTheOtherWayRound() {
        RunningJobs running = new RunningJobs();
        JobId id = JobId.random();
        RunningJob first = running.claim(id, 1, Thread.currentThread());

        assertThat(running.claim(id, 1, Thread.currentThread()))
                .as("the same attempt twice")
                .isNull();
        RunningJob second = running.claim(id, 2, Thread.currentThread());
        assertThat(second).isNotNull();
        assertThat(running.claim(id, 1, Thread.currentThread()))
                .as("an older attempt")
                .isNull();

        running.release(first); // the first attempt's thread finishes after the retry started
        assertThat(running.holds(id, 2)).isTrue();
        running.release(second);
        assertThat(running.size()).isZero();
    }
}
