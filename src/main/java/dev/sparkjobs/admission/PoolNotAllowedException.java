package dev.sparkjobs.admission;

/**
 * A submission named a pool that does not exist, or that its tenant may not use. Belongs to the
 * submission's {@link #field}, as a field error (400).
 */
public class PoolNotAllowedException extends RuntimeException {

    PoolNotAllowedException(String message) {
        super(message);
    }

    /** The submission field at fault. */
    public String field() {
        return "pool";
    }
}
