package dev.sparkjobs.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long finished jobs are kept.
 *
 * @param finished a job that ended longer ago than this is deleted, with its tags; its
 *     Idempotency-Key becomes free
 * @param sweepInterval how often the sweep runs
 */
@ConfigurationProperties("jobservice.retention")
@Validated
public record RetentionProperties(@DefaultValue("30d") Duration finished, @DefaultValue("1h") Duration sweepInterval) {}
