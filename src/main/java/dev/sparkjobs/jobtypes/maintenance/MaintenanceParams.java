package dev.sparkjobs.jobtypes.maintenance;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sparkjobs.jobtypes.ExactlyOneOf;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The {@code params} of a {@code maintenance} job. */
@ExactlyOneOf({"tables", "pattern"})
public record MaintenanceParams(
        @JsonPropertyDescription("The tables, e.g. [\"sales.orders\", \"sales.customers\"]. Give tables or pattern.")
                @Size(min = 1, max = MAX_LISTED)
                List<@NotNull @Pattern(regexp = TABLE, message = TABLE_MESSAGE) String> tables,
        @JsonPropertyDescription("A schema and a glob over its table names, e.g. \"sales.*\" or \"sales.fact_*\""
                        + " (* any characters, ? one), resolved when the job runs; views are left out. Give"
                        + " tables or pattern.")
                @Pattern(regexp = PATTERN, message = PATTERN_MESSAGE)
                String pattern,
        @JsonPropertyDescription("The operations, run in this order on each table.")
                @NotNull
                @Size(min = 1, max = MAX_OPERATIONS)
                List<@NotNull @Valid Operation> operations,
        @JsonPropertyDescription(
                        "Tables processed at once (default 4); at most" + " jobservice.maintenance.max-concurrency.")
                @Min(1)
                @Max(MAX_CONCURRENCY)
                Integer concurrency,
        @JsonPropertyDescription("The job fails before any work when it would process more tables than this"
                        + " (default 1000): a guard against a pattern wider than meant.")
                @Min(1)
                @Max(MAX_TABLES)
                Integer maxTables) {

    static final int MAX_LISTED = 1_000;
    static final int MAX_OPERATIONS = 10;
    static final int MAX_CONCURRENCY = 16;
    static final int DEFAULT_CONCURRENCY = 4;
    static final int MAX_TABLES = 10_000;
    static final int DEFAULT_MAX_TABLES = 1_000;

    private static final String PART = "[A-Za-z0-9_]{1,128}";
    static final String TABLE = PART + "(\\." + PART + "){0,2}";
    static final String TABLE_MESSAGE =
            "must be a table name: schema.table (or table, or catalog.schema.table) of" + " letters, digits and _";
    static final String PATTERN = PART + "\\.[A-Za-z0-9_*?]{1,128}";
    static final String PATTERN_MESSAGE = "must be schema.glob, e.g. sales.* or sales.fact_?_*: letters, digits, _"
            + " and the wildcards * and ? after the dot";

    /** How many tables to work on at once, as asked. */
    int concurrencyOrDefault() {
        return concurrency == null ? DEFAULT_CONCURRENCY : concurrency;
    }

    int maxTablesOrDefault() {
        return maxTables == null ? DEFAULT_MAX_TABLES : maxTables;
    }
}
