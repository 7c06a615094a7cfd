package dev.sparkjobs.jobcallbacks;

import java.util.List;

/**
 * A job's callback as the API may show it: no secret, no header values.
 *
 * @param url the URL it goes to
 * @param state where its delivery is
 * @param attempts every try so far, oldest first
 */
public record CallbackStatus(String url, DeliveryState state, List<DeliveryAttempt> attempts) {

    public CallbackStatus {
        attempts = List.copyOf(attempts);
    }
}
