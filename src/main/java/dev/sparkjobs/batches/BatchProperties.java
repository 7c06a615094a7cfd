package dev.sparkjobs.batches;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobservice.batches.*}.
 *
 * @param tickInterval how often the coordinator looks at every RUNNING batch; a job of a batch that
 *     ends wakes it earlier
 */
@Validated
@ConfigurationProperties("jobservice.batches")
public record BatchProperties(@DefaultValue("1s") Duration tickInterval) {}
