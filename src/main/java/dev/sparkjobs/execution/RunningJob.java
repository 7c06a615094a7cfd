package dev.sparkjobs.execution;

import dev.sparkjobs.job.JobId;

/**
 * A job that holds a worker thread. The stop request and the thread are guarded together, so an
 * interrupt can never reach the thread once it has moved on to another job.
 */
final class RunningJob {

    /** Why a job is being stopped. */
    enum StopReason {
        CANCELLED,
        TIMED_OUT
    }

    private final JobId id;
    private Thread thread;
    private StopReason stopReason;

    RunningJob(JobId id, Thread thread) {
        this.id = id;
        this.thread = thread;
    }

    JobId id() {
        return id;
    }

    /** @return false when a stop was already requested (the first reason stands) */
    synchronized boolean requestStop(StopReason reason) {
        if (stopReason != null) {
            return false;
        }
        stopReason = reason;
        return true;
    }

    synchronized StopReason stopReason() {
        return stopReason;
    }

    synchronized boolean stopRequested() {
        return stopReason != null;
    }

    synchronized void interrupt() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** The work is over: from now on nothing interrupts the thread on this job's behalf. */
    synchronized void detach() {
        thread = null;
    }
}
