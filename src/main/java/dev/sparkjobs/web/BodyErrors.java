package dev.sparkjobs.web;

import dev.sparkjobs.jobtypes.JsonReadErrors;
import java.lang.reflect.Type;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Says what was wrong with a request body that could not be read, in the caller's terms: the field's
 * path and the JSON it expected there. Never the parser's own message about Java types.
 */
final class BodyErrors {

    private BodyErrors() {}

    static JsonReadErrors.Reason of(HttpMessageNotReadableException e) {
        return JsonReadErrors.of(e, "body");
    }

    static String expected(Type type) {
        return JsonReadErrors.expected(type);
    }
}
