package dev.sparkjobs.jobcallbacks;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How callbacks are sent.
 *
 * @param maxAttempts tries before a delivery is FAILED
 * @param initialBackoff the wait after the first failed try, doubled after each one
 * @param maxBackoff the longest wait between tries
 * @param connectTimeout per address tried
 * @param readTimeout for each read of the answer; a whole attempt ends within connect + read timeout
 * @param pollInterval how often ended jobs' pending callbacks are looked for
 * @param threads the senders: deliveries that may be in flight at once
 */
@ConfigurationProperties("jobservice.callbacks.delivery")
@Validated
public record CallbackDeliveryProperties(
        @DefaultValue("8") @Min(1) @Max(50) int maxAttempts,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("2") @Min(1) @Max(64) int threads) {

    RetrySchedule schedule() {
        return new RetrySchedule(maxAttempts, initialBackoff, maxBackoff);
    }
}
