package dev.sparkjobs.watch;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Job event streams ({@code GET /api/v1/jobs/{id}/events}).
 *
 * @param maxStreams streams open at once, all callers together; one more is refused (503)
 * @param maxDuration a stream ends after this long even if its job has not; the client reconnects
 * @param progressInterval how often streams are looked at: at most one progress event per interval
 * @param stateCheckInterval how often a stream reads its job again without a sign that it changed
 */
@ConfigurationProperties("jobservice.events")
@Validated
public record EventsProperties(
        @DefaultValue("100") @Min(1) int maxStreams,
        @DefaultValue("30m") Duration maxDuration,
        @DefaultValue("500ms") Duration progressInterval,
        @DefaultValue("5s") Duration stateCheckInterval) {}
