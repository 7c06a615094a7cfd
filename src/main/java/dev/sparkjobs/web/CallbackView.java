package dev.sparkjobs.web;

import dev.sparkjobs.jobcallbacks.CallbackStatus;
import dev.sparkjobs.jobcallbacks.DeliveryAttempt;
import dev.sparkjobs.jobcallbacks.DeliveryState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/** A job's callback as the API shows it: never its secret or header values, nor the URL's query. */
@Schema(name = "JobCallback")
record CallbackView(
        @Schema(
                        description = "Where it goes, without the query (which often holds a token)",
                        example = "https://hooks.example.com/jobs")
                String url,
        @Schema(description = "PENDING until delivered or given up") DeliveryState state,
        @Schema(description = "Every delivery attempt, oldest first") List<AttemptView> attempts) {

    /** One delivery attempt. */
    @Schema(name = "JobCallbackAttempt")
    record AttemptView(
            int attempt,
            Instant at,
            @Schema(description = "The HTTP status answered; null when there was no answer") Integer statusCode,
            @Schema(description = "Why there was no answer; null when there was one") String error,
            long durationMillis) {}

    static CallbackView of(CallbackStatus status) {
        return status == null
                ? null
                : new CallbackView(
                        withoutQuery(status.url()),
                        status.state(),
                        status.attempts().stream().map(CallbackView::attempt).toList());
    }

    private static AttemptView attempt(DeliveryAttempt a) {
        return new AttemptView(a.number(), a.at(), a.statusCode(), a.error(), a.durationMillis());
    }

    static String withoutQuery(String url) {
        try {
            var uri = URI.create(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "";
        }
    }
}
