package dev.sparkjobs.jobcallbacks;

import java.util.Map;

/**
 * What a job asked to be called with when it ends.
 *
 * @param kind which body to send
 * @param url where to POST it; checked by {@link CallbackPolicy} at submit and before each attempt
 * @param headers extra request headers, sent as given; never shown back
 * @param secret the HMAC key for {@code X-Signature}, or null for none; never shown back
 */
public record Callback(Kind kind, String url, Map<String, String> headers, String secret) {

    public Callback {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The body's shape. */
    public enum Kind {
        /** The job as GET /api/v1/jobs/{id} shows it, with {@code event}, signed when a secret is set. */
        JOB,
        /** Azure Data Factory's Webhook activity: {@code Output}, {@code Error}, {@code StatusCode}. */
        ADF
    }
}
