package dev.sparkjobs.jobtypes.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sparkjobs.jobtypes.ExactlyOneOf;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A table or query of a JDBC server the operator configured ({@code jobservice.ingest.connections}). */
@ExactlyOneOf({"table", "query"})
@Consistent
public record JdbcSource(
        @JsonPropertyDescription("The name of a connection configured on the server"
                        + " (jobservice.ingest.connections.<name>); its URL and credentials stay there.")
                @NotBlank
                String connection,
        @JsonPropertyDescription(
                        "The table (or view) to read, e.g. public.trips: a name of up to three parts, each plain"
                                + " or quoted. Give table or query.")
                @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank")
                String table,
        @JsonPropertyDescription("One SELECT (or WITH … SELECT) the server runs, without ; or comments; its rows are"
                        + " read. Give table or query.")
                @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank")
                String query,
        @JsonPropertyDescription("A numeric column to split the read on, in numPartitions ranges between"
                        + " lowerBound and upperBound (rows outside them are read too, by the first and last range)."
                        + " Give all four or none.")
                @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank")
                String partitionColumn,
        @JsonPropertyDescription("The partitionColumn value where the first range ends.") Long lowerBound,
        @JsonPropertyDescription("The partitionColumn value where the last range starts.") Long upperBound,
        @JsonPropertyDescription("How many parallel reads (and connections), 1 to 1000.") @Min(1) @Max(1000)
                Integer numPartitions,
        @JsonPropertyDescription("Rows fetched per round trip (the driver's default if absent).")
                @Min(1)
                @Max(1_000_000)
                Integer fetchSize)
        implements Consistent.Checked {

    /**
     * A name part: plain, or quoted as one of the dialects quote ({@code "…"}, {@code `…`}, {@code […]}); never
     * holding a {@code ;}, since Spark sends the name inside its own SQL text.
     */
    private static final String PART = "(?:[A-Za-z_][A-Za-z0-9_$#@]*|\"(?:[^\"\\x00-\\x1f;]|\"\")+\""
            + "|`[^`\\x00-\\x1f;]+`|\\[[^\\[\\]\\x00-\\x1f;]+\\])";

    private static final java.util.regex.Pattern TABLE =
            java.util.regex.Pattern.compile("(?:" + PART + "\\.){0,2}" + PART);

    private static final java.util.regex.Pattern SELECT =
            java.util.regex.Pattern.compile("(?is)\\s*(?:select|with)\\b.*");

    /**
     * What would end the statement or hide the rest of Spark's text around the query. Refused in string
     * literals too: where a literal ends differs between servers (backslash escapes, dollar quoting).
     */
    private static final List<String> NOT_IN_QUERY = List.of(";", "--", "/*");

    @Override
    public Map<String, String> inconsistencies() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (table != null && !table.isBlank() && !TABLE.matcher(table.strip()).matches()) {
            problems.put(
                    "table",
                    "must be a table name, e.g. public.trips (up to three parts, each plain or quoted, no ;);"
                            + " give query for anything else");
        }
        if (query != null && !query.isBlank()) {
            if (!SELECT.matcher(query).matches()) {
                problems.put("query", "must be one SELECT (or WITH … SELECT)");
            } else if (NOT_IN_QUERY.stream().anyMatch(query::contains)) {
                problems.put(
                        "query",
                        "must be one statement without comments: ; -- and /* are refused, in string literals"
                                + " too (write chr(59) for a ;)");
            }
        }
        long given = Stream.of(partitionColumn, lowerBound, upperBound, numPartitions)
                .filter(v -> v != null)
                .count();
        if (given != 0 && given != 4) {
            String missing = Stream.of(
                            partitionColumn == null ? "partitionColumn" : null,
                            lowerBound == null ? "lowerBound" : null,
                            upperBound == null ? "upperBound" : null,
                            numPartitions == null ? "numPartitions" : null)
                    .filter(v -> v != null)
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("");
            problems.put(
                    "partitionColumn",
                    "give partitionColumn, lowerBound, upperBound and numPartitions together; missing: " + missing);
        } else if (given == 4 && lowerBound >= upperBound) {
            problems.put("upperBound", "must be greater than lowerBound (" + lowerBound + ")");
        }
        return problems;
    }

    /** Whether the read is split into parallel ranges. */
    boolean partitioned() {
        return partitionColumn != null;
    }
}
