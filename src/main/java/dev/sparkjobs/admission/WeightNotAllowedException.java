package dev.sparkjobs.admission;

/** A submission asked for a weight it may not have; a field error (400) of {@link #field}. */
public class WeightNotAllowedException extends RuntimeException {

    WeightNotAllowedException(String message) {
        super(message);
    }

    /** The submission field at fault. */
    public String field() {
        return "weight";
    }
}
