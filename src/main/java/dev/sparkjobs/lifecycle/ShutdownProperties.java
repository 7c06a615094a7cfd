package dev.sparkjobs.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service stops.
 *
 * @param drainTimeout on SIGTERM, how long running jobs may go on to finish; after it the rest are
 *     stopped and recorded FAILED with {@code DRIVER_RESTART}. Queued jobs stay queued for the next
 *     start. A container's grace period must cover this plus {@code jobservice.jobs.stop-grace} and
 *     the SparkSession's stop (about 10 s).
 */
@ConfigurationProperties("jobservice.shutdown")
@Validated
public record ShutdownProperties(@DefaultValue("60s") Duration drainTimeout) {}
