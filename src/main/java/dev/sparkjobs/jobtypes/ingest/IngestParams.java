package dev.sparkjobs.jobtypes.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code params} of an {@code ingest} job. */
@Consistent
public record IngestParams(
        @JsonPropertyDescription("What to read: files, or a JDBC server's table or query.") @NotNull @Valid
                IngestSource source,
        @JsonPropertyDescription("The Delta table to write.") @NotNull @Valid IngestTarget target,
        @JsonPropertyDescription("append (default), overwrite, or merge (update rows whose mergeKeys match,"
                        + " insert the others).")
                WriteMode mode,
        @JsonPropertyDescription("The columns that identify a row; required for merge, refused otherwise.")
                @Size(min = 1, max = 32)
                List<@NotBlank String> mergeKeys,
        @JsonPropertyDescription("Columns to partition a new table by.") @Size(min = 1, max = 32)
                List<@NotBlank String> partitionBy,
        @JsonPropertyDescription("With overwrite only: replace just the rows matching this condition, e.g."
                        + " \"day = '2026-11-01'\"; every written row must match it.")
                @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank")
                @Size(max = 4096)
                String replaceWhere)
        implements Consistent.Checked {

    /** The mode, {@code append} when absent. */
    public WriteMode writeMode() {
        return mode == null ? WriteMode.append : mode;
    }

    @Override
    public Map<String, String> inconsistencies() {
        Map<String, String> problems = new LinkedHashMap<>();
        WriteMode m = writeMode();
        if (m == WriteMode.merge && mergeKeys == null) {
            problems.put("mergeKeys", "required with mode merge");
        }
        if (m != WriteMode.merge && mergeKeys != null) {
            problems.put("mergeKeys", "only with mode merge");
        }
        if (m != WriteMode.overwrite && replaceWhere != null) {
            problems.put("replaceWhere", "only with mode overwrite");
        }
        return problems;
    }
}
