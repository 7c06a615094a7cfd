package dev.sparkjobs.web;

import dev.sparkjobs.jobtypes.ParamError;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The vocabulary of the service's problems: every problem has a {@code type} under one URN prefix,
 * so that clients can switch on it, and a {@code detail} a person can read.
 */
final class Problems {

    static final String TYPE_PREFIX = "urn:spark-job-service:problem:";

    /** Types for the statuses Spring and the servlet container answer on their own. */
    private static final Map<Integer, String> BY_STATUS = Map.ofEntries(
            Map.entry(400, "invalid-request"),
            Map.entry(404, "not-found"),
            Map.entry(405, "method-not-allowed"),
            Map.entry(406, "not-acceptable"),
            Map.entry(408, "request-timeout"),
            Map.entry(413, "body-too-large"),
            Map.entry(414, "uri-too-long"),
            Map.entry(415, "unsupported-media-type"),
            Map.entry(431, "headers-too-large"),
            Map.entry(500, "internal"),
            Map.entry(503, "service-unavailable"));

    private Problems() {}

    static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(type(type));
        p.setTitle(title);
        return p;
    }

    static URI type(String name) {
        return URI.create(TYPE_PREFIX + name);
    }

    /** The type of a problem Spring or the container made for {@code status}. */
    static URI typeFor(int status) {
        String name = BY_STATUS.get(status);
        if (name == null) {
            HttpStatus known = HttpStatus.resolve(status);
            name = known == null
                    ? "http-" + status
                    : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        return type(name);
    }

    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    /** One sentence per invalid field, e.g. {@code "2 invalid fields. params.maxRows: must be ... ."}. */
    static String describe(List<ParamError> errors) {
        String each = errors.stream()
                .map(e -> sentence(e.field() + ": " + e.message()))
                .collect(Collectors.joining(" "));
        return errors.size() == 1 ? "Invalid " + each : errors.size() + " invalid fields. " + each;
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }
}
