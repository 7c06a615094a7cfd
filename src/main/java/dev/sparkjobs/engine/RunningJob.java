package dev.sparkjobs.engine;

import dev.sparkjobs.job.JobId;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a job that holds a worker thread. The stop request, the stop's side effects and the
 * thread are guarded together: a stop is accepted only while the work is still attached, so an
 * interrupt can never reach the thread once it has moved on, and a stop that comes after the work
 * ended cannot rewrite its outcome. The thread is interrupted only while it does the job's work, never
 * while it writes the job's start to the store: an interrupt there can close an embedded database's
 * file; a stop that comes before the work began keeps the work from beginning.
 */
public final class RunningJob {

    private static final Logger log = LoggerFactory.getLogger(RunningJob.class);

    /** Why a job is being stopped. */
    public enum StopReason {
        CANCELLED,
        /** Cancelled because nobody read the job's status for its {@code cancelIfUnpolled}. */
        ABANDONED,
        /** Cancelled by its batch: fail-fast tripped, or the batch was cancelled or timed out. */
        BATCH_STOPPED,
        TIMED_OUT,
        /** The service is shutting down and the drain time is over. */
        SHUTDOWN,
        /** This instance may be losing its driver lease: nothing of it may run when another takes over. */
        LEASE_LOST
    }

    private final JobId id;
    private final int attempt;
    private Thread thread;
    private boolean working;
    private StopReason stopReason;
    private Instant stopAskedAt;
    private Instant stopIssuedAt;

    RunningJob(JobId id, int attempt, Thread thread) {
        this.id = id;
        this.attempt = attempt;
        this.thread = thread;
    }

    JobId id() {
        return id;
    }

    int attempt() {
        return attempt;
    }

    /**
     * Records the stop and runs {@code stopWork} (cancel the Spark work) then, once the work has begun,
     * interrupts the thread, all while the work cannot detach. The thread is interrupted even when
     * {@code stopWork} throws (Spark may be shutting down): the stop is recorded, so the work must not
     * run on.
     *
     * @return false when a stop was already requested or the work has already ended
     */
    synchronized boolean requestStop(StopReason reason, Runnable stopWork) {
        if (stopReason != null || thread == null) {
            return false;
        }
        stopReason = reason;
        try {
            stopWork.run();
        } catch (RuntimeException e) {
            log.warn("could not cancel the Spark work of job {} attempt {}: {}", id, attempt, e.toString());
        } finally {
            if (working) {
                thread.interrupt();
            }
        }
        return true;
    }

    /**
     * The thread is about to do the job's work: from now until {@link #detach()} a stop interrupts it.
     *
     * @return false when a stop came first: the work must not begin
     */
    synchronized boolean beginWork() {
        if (stopReason != null) {
            return false;
        }
        working = true;
        return true;
    }

    /** When the stop was asked for and when its Spark cancel had been issued; from within {@code stopWork}. */
    synchronized void stoppedAt(Instant askedAt, Instant issuedAt) {
        this.stopAskedAt = askedAt;
        this.stopIssuedAt = issuedAt;
    }

    synchronized Instant stopAskedAt() {
        return stopAskedAt;
    }

    synchronized Instant stopIssuedAt() {
        return stopIssuedAt;
    }

    synchronized boolean stopRequested() {
        return stopReason != null;
    }

    /**
     * The work is over: from now on nothing stops or interrupts the thread on this job's behalf.
     *
     * @return why the job was stopped, or null when it was not
     */
    synchronized StopReason detach() {
        working = false;
        thread = null;
        return stopReason;
    }
}
