package dev.sparkjobs.batches;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobservice.batches.*}.
 *
 * @param tickInterval how often the coordinator looks at every RUNNING batch; a job of a batch that
 *     ends wakes it earlier, for that batch alone
 * @param maxStepFailures how many steps of one batch may fail in a row (each tried later than the last:
 *     one tick, then two, four, ... at most a minute) before the batch ends FAILED with the last error
 */
@Validated
@ConfigurationProperties("jobservice.batches")
public record BatchProperties(
        @DefaultValue("1s") Duration tickInterval, @DefaultValue("5") @Min(1) int maxStepFailures) {}
