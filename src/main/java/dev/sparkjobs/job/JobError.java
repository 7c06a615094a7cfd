package dev.sparkjobs.job;

/**
 * Why a job did not succeed: a short machine-readable {@code type} (Spark's error class where it has
 * one, else the exception's simple name, or one of the constants here) and the human message.
 */
public record JobError(String type, String message) {

    public static final String CANCELLED = "CANCELLED";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String NOT_STARTED = "NOT_STARTED";
    /** Cancelled by the server: nobody read the job's status for its {@code cancelIfUnpolled}. */
    public static final String ABANDONED = "ABANDONED";
    /** The service stopped or crashed while the job ran; its Spark work went with the driver. */
    public static final String DRIVER_RESTART = "DRIVER_RESTART";
    /** The attempt's thread ended without its end being recorded; retried like {@link #DRIVER_RESTART}. */
    public static final String ATTEMPT_LOST = "ATTEMPT_LOST";
    /**
     * Delta refused the job's commit because a concurrent commit changed what it read; nothing was
     * written. The message is Delta's, with its own error class (e.g. {@code DELTA_CONCURRENT_APPEND}).
     */
    public static final String DELTA_CONFLICT = "DELTA_CONFLICT";
    /** Never ran: its batch's condition for it could no longer hold, or its batch stopped first. */
    public static final String SKIPPED = "SKIPPED";
    /** Never ran: a result reference in its params could not be resolved against its upstream's result. */
    public static final String UNRESOLVED_REFERENCE = "UNRESOLVED_REFERENCE";
    /** Never ran: its params, once its result references were resolved, were not valid for its type. */
    public static final String INVALID_PARAMS = "INVALID_PARAMS";
    /** Cancelled by its batch: the batch's fail-fast tripped, or the batch was cancelled or timed out. */
    public static final String BATCH_STOPPED = "BATCH_STOPPED";
    /**
     * Never ran: the Idempotency-Key of its batch's job was held by a job the batch did not make, which
     * is not taken in its place.
     */
    public static final String KEY_TAKEN = "KEY_TAKEN";

    /** The attempt's Spark work was lost, not failed: its outcome is unknown (a retry policy's DRIVER_RESTART). */
    public boolean workLost() {
        return DRIVER_RESTART.equals(type) || ATTEMPT_LOST.equals(type);
    }
}
