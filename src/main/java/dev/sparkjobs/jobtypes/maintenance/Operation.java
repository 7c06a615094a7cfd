package dev.sparkjobs.jobtypes.maintenance;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sparkjobs.job.TableWrite;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * One maintenance operation, run on every table of the job in the order given. Which optional fields
 * an operation may carry depends on its type ({@link ValidOperation}).
 */
@ValidOperation
public record Operation(
        @JsonPropertyDescription("VACUUM (delete files no version within the retention refers to), OPTIMIZE"
                        + " (compact small files, optionally Z-ordered) or ANALYZE (compute statistics).")
                @NotNull
                Type type,
        @JsonPropertyDescription("VACUUM only: keep files a version of the last this many hours refers to"
                        + " (default: the table's delta.deletedFileRetentionDuration, 168 h unless set). Below"
                        + " jobservice.maintenance.min-retention-hours (default 168) is refused.")
                @Min(0)
                @Max(MAX_RETENTION_HOURS)
                Integer retentionHours,
        @JsonPropertyDescription("OPTIMIZE only: a predicate on partition columns, e.g. \"day >= '2026-01-01'\";"
                        + " one Spark SQL expression, no subqueries.")
                @Size(min = 1, max = MAX_WHERE)
                String where,
        @JsonPropertyDescription("OPTIMIZE only: Z-order the rewritten files by these columns.")
                @Size(min = 1, max = MAX_COLUMNS)
                List<@NotNull @Pattern(regexp = COLUMN, message = COLUMN_MESSAGE) String> zorderBy,
        @JsonPropertyDescription("ANALYZE only: compute column statistics for these columns too (default: table"
                        + " statistics only).")
                @Size(min = 1, max = MAX_COLUMNS)
                List<@NotNull @Pattern(regexp = COLUMN, message = COLUMN_MESSAGE) String> columns) {

    static final int MAX_RETENTION_HOURS = 87_600; // ten years
    static final int MAX_WHERE = 4_000;
    static final int MAX_COLUMNS = 64;
    static final String COLUMN = "[A-Za-z_][A-Za-z0-9_]{0,127}";
    static final String COLUMN_MESSAGE = "must be a column name: letters, digits and _, not starting with a digit";

    /** The kinds of operation, each with the table write it makes. */
    public enum Type {
        VACUUM(TableWrite.Kind.VACUUM),
        OPTIMIZE(TableWrite.Kind.OPTIMIZE),
        ANALYZE(TableWrite.Kind.ANALYZE);

        private final TableWrite.Kind write;

        Type(TableWrite.Kind write) {
            this.write = write;
        }

        TableWrite.Kind write() {
            return write;
        }

        /** Delta operations; other tables skip them. */
        boolean deltaOnly() {
            return this != ANALYZE;
        }
    }

    static Operation vacuum(Integer retentionHours) {
        return new Operation(Type.VACUUM, retentionHours, null, null, null);
    }

    static Operation optimize(String where, List<String> zorderBy) {
        return new Operation(Type.OPTIMIZE, null, where, zorderBy, null);
    }

    static Operation analyze(List<String> columns) {
        return new Operation(Type.ANALYZE, null, null, null, columns);
    }
}
