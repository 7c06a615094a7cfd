package dev.sparkjobs.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on a job's life.
 *
 * @param defaultTimeout a job's timeout when it names none
 * @param maxTimeout the longest timeout a job may ask for
 * @param statusRetryAfter the polling interval suggested to callers while a job is not finished
 * @param stopGrace how long a stopped job's Spark work may take to wind down before the job is
 *     recorded as ended anyway
 * @param storeRetry how long a job that ended keeps trying to record its end while the store is
 *     unreachable (holding its slot); after that it stays RUNNING in the store and the next start
 *     records it as lost with the driver
 * @param reconcileInterval how often jobs QUEUED in the store but in no queue here (a submit whose
 *     commit succeeded although the caller was told 503, a late write of an instance that lost its
 *     lease) are queued; only jobs waiting longer than this are taken
 * @param runningCheckInterval how often jobs the store shows RUNNING on this instance are checked for a
 *     live attempt here; one without (its end could not be recorded) is ended as lost
 */
@ConfigurationProperties("jobservice.jobs")
@Validated
public record JobsProperties(
        @DefaultValue("1h") Duration defaultTimeout,
        @DefaultValue("24h") Duration maxTimeout,
        @DefaultValue("5s") Duration statusRetryAfter,
        @DefaultValue("10s") Duration stopGrace,
        @DefaultValue("10m") Duration storeRetry,
        @DefaultValue("1m") Duration reconcileInterval,
        @DefaultValue("1m") Duration runningCheckInterval) {}
