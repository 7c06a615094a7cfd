package dev.sparkjobs.jobtypes.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sparkjobs.jobtypes.ExactlyOneOf;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The Delta table an ingest writes: by name in the catalog, or by path. */
@ExactlyOneOf({"table", "path"})
public record IngestTarget(
        @JsonPropertyDescription("A table name, e.g. sales.trips; created (with its schema) if missing. Give"
                        + " table or path.")
                @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
                @Size(max = 1024)
                String table,
        @JsonPropertyDescription("A directory for a Delta table without a catalog entry; it must lie in the"
                        + " caller's allowed directories. Give table or path.")
                @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
                @Size(max = 4096)
                String path) {

    /** The target as results and {@code TableWrite}s name it: the table, or {@code delta.`<path>`}. */
    String describe() {
        return table != null ? table.strip() : "delta.`" + path.strip().replace("`", "``") + "`";
    }
}
