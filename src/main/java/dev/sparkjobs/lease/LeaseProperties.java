package dev.sparkjobs.lease;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The driver lease: one service instance per database runs jobs.
 *
 * @param ttl how long the lease lasts unless renewed (renewed every third of it); after a crash,
 *     the next start waits at most this long before it takes over
 * @param acquireTimeout how long a start waits for a lease another instance holds before it gives
 *     up and exits
 */
@ConfigurationProperties("jobservice.lease")
@Validated
public record LeaseProperties(@DefaultValue("30s") Duration ttl, @DefaultValue("2m") Duration acquireTimeout) {}
