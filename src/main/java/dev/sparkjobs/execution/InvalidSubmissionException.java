package dev.sparkjobs.execution;

import dev.sparkjobs.jobtypes.ParamError;
import java.util.List;

/** A submission whose fields or params are invalid; one entry per problem. */
public class InvalidSubmissionException extends RuntimeException {

    private final List<ParamError> errors;

    public InvalidSubmissionException(List<ParamError> errors) {
        super(errors.size() + " invalid field(s): " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<ParamError> errors() {
        return errors;
    }
}
