package dev.sparkjobs.jobtypes.maintenance;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the operator allows {@code maintenance} jobs.
 *
 * @param minRetentionHours the shortest VACUUM retention a job may ask for. Delta refuses less than its
 *     default (168 h, seven days) unless its retention check is off; below it, a reader or writer still
 *     on an older version may find its files gone. A lower value here lets jobs go below 168 h: the check
 *     is then turned off in that job's own session only, never for other jobs.
 * @param maxConcurrency at most this many tables are processed at once inside one job; a job asking
 *     for more runs with this many
 * @param vacuumListingParallelism when above 0, the tasks VACUUM lists a table's files with (Spark's
 *     {@code spark.sql.sources.parallelPartitionDiscovery.parallelism}, 10,000 unless set), in the job's
 *     own session: on one driver, 10,000 tasks cost a small table's VACUUM far more than its listing
 */
@ConfigurationProperties("jobservice.maintenance")
@Validated
public record MaintenanceProperties(
        @DefaultValue("168") @Min(0) int minRetentionHours,
        @DefaultValue("4") @Min(1) @Max(MaintenanceParams.MAX_CONCURRENCY) int maxConcurrency,
        @DefaultValue("0") @Min(0) int vacuumListingParallelism) {

    /** Delta's own default retention: below it, its retention check must be off. */
    static final int DELTA_DEFAULT_RETENTION_HOURS = 168;

    /** The defaults, for code that runs without Spring. */
    public static MaintenanceProperties defaults() {
        return new MaintenanceProperties(DELTA_DEFAULT_RETENTION_HOURS, 4, 0);
    }
}
