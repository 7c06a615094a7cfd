package dev.sparkjobs.jobtypes;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** The {@code params} of a {@code sql} job. */
@ExactlyOneOf({"sql", "statements"})
public record SqlParams(
        @JsonPropertyDescription("One statement; may use named markers such as :day. Give sql or statements.")
                @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
                String sql,
        @JsonPropertyDescription("Statements run in order, stopping at the first failure. Give sql or statements.")
                @Size(min = 1, max = SqlParams.MAX_STATEMENTS)
                List<@NotBlank String> statements,
        @JsonPropertyDescription("Values for the named markers, e.g. {\"day\": \"2026-11-01\"}: strings, numbers,"
                        + " booleans or null.")
                Map<
                                @Pattern(
                                        regexp = "[A-Za-z_][A-Za-z0-9_]{0,127}",
                                        message = "is not a valid parameter name (letters, digits, _; not starting"
                                                + " with a digit)")
                                String,
                                @ScalarJson Object>
                        args,
        @JsonPropertyDescription("Rows of the last statement to return (default 100). The preview also stops"
                        + " before its rows exceed the configured byte limit (jobservice.results.max-bytes) and cuts"
                        + " long values (truncatedBy: \"bytes\").")
                @Min(1)
                @Max(SqlParams.MAX_ROWS)
                Integer maxRows) {

    static final int MAX_STATEMENTS = 100;
    static final int MAX_ROWS = 10_000;

    /** The statements to run, in order. */
    public List<String> statementList() {
        return sql != null ? List.of(sql) : statements;
    }

    /** The values of the named markers; empty when none. */
    public Map<String, Object> argValues() {
        return args == null ? Map.of() : args;
    }
}
