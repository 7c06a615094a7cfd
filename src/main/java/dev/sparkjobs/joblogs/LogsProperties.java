package dev.sparkjobs.joblogs;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What is kept of the lines each job logs.
 *
 * @param maxLinesPerJob lines kept per job, all attempts together; later lines are counted as dropped
 * @param maxLineLength characters kept of a line (with its exception's summary); the rest is cut
 * @param flushInterval how often lines of running jobs are written to the store (also at each
 *     attempt's end)
 */
@ConfigurationProperties("jobservice.logs")
@Validated
public record LogsProperties(
        @DefaultValue("1000") @Min(0) int maxLinesPerJob,
        @DefaultValue("2000") @Min(80) int maxLineLength,
        @DefaultValue("2s") Duration flushInterval) {}
