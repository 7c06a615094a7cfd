package dev.sparkjobs.jobtypes;

import java.util.List;

/** A job's {@code params} that do not bind to its type's record or break its constraints. */
public class InvalidParamsException extends RuntimeException {

    private final List<ParamError> errors;

    public InvalidParamsException(List<ParamError> errors) {
        super("invalid params: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<ParamError> errors() {
        return errors;
    }
}
