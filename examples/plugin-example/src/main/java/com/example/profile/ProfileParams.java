package com.example.profile;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The {@code params} of a {@code column-profile} job. The service binds the submitted JSON to it
 * (unknown fields refused), checks these constraints before it accepts the job, and shows the JSON
 * Schema it derives from them in {@code GET /api/v1/job-types}.
 */
@TableOrRange
public record ProfileParams(
        @JsonPropertyDescription("The table to profile: name, schema.name or catalog.schema.name. Give table or range.")
                @Pattern(regexp = NAME + "(\\." + NAME + "){0,2}", message = "must be a table name such as sales.orders")
                String table,
        @JsonPropertyDescription(
                        "Instead of a table, Spark's range(0, n): one bigint column, id. Handy for a first try."
                                + " Give table or range.")
                @Min(1)
                @Max(1_000_000_000_000L)
                Long range,
        @JsonPropertyDescription("The columns to profile, by name")
                @NotNull
                @Size(min = 1, max = 50)
                List<@NotNull @Pattern(regexp = NAME, message = "must be a column name (letters, digits, _)") String>
                        columns,
        @JsonPropertyDescription("The share of rows to read, more than 0 and at most 1 (the default: every row)")
                @DecimalMin(value = "0", inclusive = false)
                @DecimalMax("1")
                Double sampleFraction) {

    static final String NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";

    double fraction() {
        return sampleFraction == null ? 1.0 : sampleFraction;
    }
}
