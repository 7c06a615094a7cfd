package dev.sparkjobs.web;

import dev.sparkjobs.jobtypes.ParamError;
import java.util.List;

/** A request the service cannot read as it stands: one entry per field or query parameter at fault. */
class BadRequestException extends RuntimeException {

    private final List<ParamError> errors;

    BadRequestException(String field, String message) {
        this(List.of(new ParamError(field, message)));
    }

    BadRequestException(List<ParamError> errors) {
        super(Problems.describe(errors));
        this.errors = List.copyOf(errors);
    }

    List<ParamError> errors() {
        return errors;
    }
}
