package dev.sparkjobs.abandon;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The backstop for callers that stop polling without cancelling (an orchestrator's cancelled run, a
 * killed task): a job nobody reads for its {@code cancelIfUnpolled} while QUEUED or RUNNING is
 * cancelled as ABANDONED.
 *
 * @param cancelIfUnpolled a job's {@code cancelIfUnpolledSeconds} when it gives none; unset: off
 * @param cancelIfUnpolledMax the longest {@code cancelIfUnpolledSeconds} a job may ask for
 * @param unpolledSweepInterval how often unread jobs are looked for; a job is cancelled at most this
 *     late
 * @param readFlushInterval how often the last reads kept in memory are written to the store, in one
 *     batch: what another instance or the next start sees
 */
@ConfigurationProperties("jobservice.jobs")
@Validated
public record AbandonProperties(
        Duration cancelIfUnpolled,
        @DefaultValue("7d") Duration cancelIfUnpolledMax,
        @DefaultValue("5s") Duration unpolledSweepInterval,
        @DefaultValue("30s") Duration readFlushInterval) {

    public AbandonProperties {
        if (cancelIfUnpolled != null && (cancelIfUnpolled.isNegative() || cancelIfUnpolled.isZero())) {
            cancelIfUnpolled = null; // 0 turns the default off, as a job's own 0 does
        }
    }
}
